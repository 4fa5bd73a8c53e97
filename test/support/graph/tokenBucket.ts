export interface RateLimit {
  readonly requestsPerSecond: number;
  readonly burst: number;
  /** Overrides the computed Retry-After, e.g. to make a client wait longer than it needs to. */
  readonly retryAfterSeconds?: number;
}

export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly limit: RateLimit,
    nowMs: number,
  ) {
    if (!(limit.requestsPerSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError("A rate limit needs requestsPerSecond > 0 and burst >= 1");
    }
    this.tokens = limit.burst;
    this.lastRefillMs = nowMs;
  }

  /** Takes a token: 0 when one was available, otherwise the whole seconds (at least 1) to wait. */
  tryTake(nowMs: number): number {
    const elapsedSeconds = (nowMs - this.lastRefillMs) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.requestsPerSecond);
    this.lastRefillMs = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    const untilNextToken = Math.ceil((1 - this.tokens) / this.limit.requestsPerSecond);
    return Math.max(1, this.limit.retryAfterSeconds ?? untilNextToken);
  }
}
