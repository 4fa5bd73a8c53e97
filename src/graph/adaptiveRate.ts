export interface AdaptiveRateOptions {
  /**
   * Where slow start begins, in calls per second per instance: low enough that many instances
   * starting together do not flood a small limit (8 × this against 20/s), since every call over
   * the limit costs a 429 and a whole Retry-After.
   */
  readonly initialRatePerSecond?: number;
  /**
   * Slow start doubles the rate this often while calls wait for it: from the first call until the
   * first 429 (from 2/s it passes 20/s in under a second and 200/s in under two), and after a 429
   * up to half the rate that drew it (TCP's slow start threshold), so a rate a stall or an
   * overshoot cut far down comes back in seconds, not minutes.
   */
  readonly slowStartDoublingMs?: number;
  /**
   * On a 429 the rate becomes this fraction of what Graph accepted from this instance over the
   * last `windowMs` (or of the rate, if that is lower): the multiplicative decrease. Close to 1,
   * because each 429 already costs a whole Retry-After of idling.
   */
  readonly decreaseFactor?: number;
  /**
   * Above the slow start threshold, the rate climbs by this fraction of half the rate that drew
   * the first 429, per second while calls wait for it: the additive increase, slow enough that a
   * 429 (and its pause) comes rarely, and the same step for instances that started together.
   */
  readonly increasePerSecond?: number;
  /** How far back "what Graph accepted just before" a 429 looks. */
  readonly windowMs?: number;
  /** Pause after a 429 that carries no Retry-After. */
  readonly defaultPauseMs?: number;
}

// Each value is explained with its option above and in docs/performance.md ("Client-side
// pacing"); the simulation (scripts/bench/pacingSimulation.ts) and the scale bench check them.
export const defaultAdaptiveRateOptions: Required<AdaptiveRateOptions> = {
  initialRatePerSecond: 2,
  slowStartDoublingMs: 250,
  decreaseFactor: 0.9,
  increasePerSecond: 0.005,
  windowMs: 1_000,
  defaultPauseMs: 1_000,
};

// Mechanics, not tuning: the granularity of the success counts, the shortest span a throughput is
// computed over (so a few quick successes are not read as a huge rate), and a floor.
const bucketMs = 50;
const minSampleMs = 100;
const minRatePerSecond = 0.5;

/** A count per id (a numbered span of time) for the last `length` ids: a fixed ring, so memory never grows. */
class RingCounts {
  readonly #ids: Float64Array;
  readonly #counts: Uint32Array;

  constructor(length: number) {
    this.#ids = new Float64Array(length).fill(-1);
    this.#counts = new Uint32Array(length);
  }

  add(id: number): void {
    const slot = id % this.#ids.length;
    if (this.#ids[slot] !== id) {
      this.#ids[slot] = id;
      this.#counts[slot] = 0;
    }
    this.#counts[slot] = (this.#counts[slot] ?? 0) + 1;
  }

  /** 0 for an id never counted or already overwritten. */
  countOf(id: number): number {
    const slot = id % this.#ids.length;
    return this.#ids[slot] === id ? (this.#counts[slot] ?? 0) : 0;
  }
}

/**
 * The rate maths of client-side pacing, free of timers so it can be tested with plain numbers.
 * TCP Reno's congestion control on a rate instead of a window: slow start (doubling) from a low
 * rate until the first 429; on each 429 a pause until Retry-After, a slow start threshold at half
 * the rate that drew it and a multiplicative decrease of what Graph accepted; above the threshold,
 * additive increase.
 */
export class AdaptiveRate {
  readonly #options: Required<AdaptiveRateOptions>;
  #ratePerSecond: number;
  #slowStartThreshold = Number.POSITIVE_INFINITY;
  // Half the rate that drew the first 429: the additive step is a fraction of it, so it scales
  // with the limit (unknown: 20/s or 2,000/s) instead of being a fixed number of calls.
  #increaseBase: number;
  #pausedUntilMs = Number.NEGATIVE_INFINITY;
  #resumedAtMs: number;
  #epoch = 0;
  // When calls last started flowing after an idle spell.
  #activeSinceMs: number;
  #lastGrantMs = Number.NEGATIVE_INFINITY;
  #lastGrowthMs: number;
  readonly #bucketCounts: RingCounts;

  constructor(nowMs: number, options: AdaptiveRateOptions = {}) {
    this.#options = { ...defaultAdaptiveRateOptions, ...options };
    this.#ratePerSecond = this.#options.initialRatePerSecond;
    this.#increaseBase = this.#ratePerSecond;
    this.#resumedAtMs = nowMs;
    this.#lastGrowthMs = nowMs;
    this.#activeSinceMs = nowMs;
    this.#bucketCounts = new RingCounts(Math.ceil(this.#options.windowMs / bucketMs) + 1);
  }

  /** Calls per second currently allowed. */
  get ratePerSecond(): number {
    return this.#ratePerSecond;
  }

  /** True while the rate is under the slow start threshold (until the first 429, always). */
  get inSlowStart(): boolean {
    return this.#ratePerSecond < this.#slowStartThreshold;
  }

  get pausedUntilMs(): number {
    return this.#pausedUntilMs;
  }

  /** Bumped by every decrease; a 429 to a call sent in an earlier epoch was already accounted for. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Least time between two calls being let through. */
  get intervalMs(): number {
    return 1000 / this.#ratePerSecond;
  }

  /**
   * Called as a call is let through. `waited` says the pacing held it back: only then is the rate
   * the bottleneck, and only then is raising it informative (raising it while idle would let the
   * next burst through unpaced).
   */
  grow(nowMs: number, waited: boolean): void {
    // A call that found the limiter idle for longer than the window starts a new spell of calls:
    // throughput is measured from it, not over the quiet time (or the start-up) before it.
    if (!waited && nowMs - this.#lastGrantMs > this.#options.windowMs) this.#activeSinceMs = nowMs;
    this.#lastGrantMs = nowMs;
    const since = Math.max(this.#lastGrowthMs, this.#pausedUntilMs);
    this.#lastGrowthMs = nowMs;
    if (!waited || nowMs <= since) return;
    const elapsedMs = nowMs - since;
    this.#ratePerSecond = this.inSlowStart
      ? Math.min(this.#slowStartThreshold, this.#ratePerSecond * 2 ** (elapsedMs / this.#options.slowStartDoublingMs))
      : this.#ratePerSecond + (this.#options.increasePerSecond * this.#increaseBase * elapsedMs) / 1000;
  }

  /** Graph answered something other than 429: it accepted the call under its rate limit. */
  recordAccepted(nowMs: number): void {
    this.#bucketCounts.add(Math.floor(nowMs / bucketMs));
  }

  /** Graph answered 429 to a call let through in `sentEpoch`. */
  recordThrottled(nowMs: number, sentEpoch: number, retryAfterMs: number | undefined): void {
    // Retry-After is always obeyed, by every call of the instance: Graph throttles per app and
    // tenant, so the others would only collect 429s (and Graph counts requests made while it throttles).
    const until = nowMs + (retryAfterMs ?? this.#options.defaultPauseMs);
    if (until > this.#pausedUntilMs) this.#pausedUntilMs = until;
    // Sent before the last decrease: the same overload, already answered.
    if (sentEpoch !== this.#epoch) return;
    // A count over less than a whole window (a 429 soon after a pause ended, or after calls
    // started) is mostly noise at a few calls a second, and read as near zero it starved an
    // instance for minutes: then the decrease is from the rate alone.
    const measuredForMs = nowMs - Math.max(this.#resumedAtMs, this.#activeSinceMs);
    const accepted = measuredForMs >= this.#options.windowMs ? this.observedPerSecond(nowMs) : Number.POSITIVE_INFINITY;
    this.#slowStartThreshold = this.#ratePerSecond / 2;
    // The additive step's base is fixed by the first 429 only: instances that start together
    // slow-start in step and reach it at about the same rate, so every instance then climbs by the
    // same amount, AIMD's condition for converging to equal shares (a step relative to each
    // instance's own rate keeps their ratios and let shares drift apart).
    if (this.#epoch === 0) this.#increaseBase = this.#slowStartThreshold;
    this.#ratePerSecond = Math.max(minRatePerSecond, this.#options.decreaseFactor * Math.min(accepted, this.#ratePerSecond));
    this.#epoch += 1;
    this.#resumedAtMs = this.#pausedUntilMs;
    this.#lastGrowthMs = this.#pausedUntilMs;
  }

  /** Accepted calls per second over the last window, counting only time since the last pause ended and since calls last started flowing. */
  observedPerSecond(nowMs: number, windowMs = this.#options.windowMs): number {
    const from = Math.max(nowMs - windowMs, this.#resumedAtMs, this.#activeSinceMs);
    const firstId = Math.floor(from / bucketMs);
    const lastId = Math.floor(nowMs / bucketMs);
    // The window spans at most as many buckets as the ring holds, so none of these was overwritten.
    let accepted = 0;
    for (let id = firstId; id <= lastId; id++) accepted += this.#bucketCounts.countOf(id);
    return accepted / (Math.max(nowMs - from, minSampleMs) / 1000);
  }
}
