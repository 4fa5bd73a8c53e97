/**
 * One pause shared by every worker of a pool. When Graph throttles one call, the others would be
 * throttled too: instead of each worker waiting on its own while the rest keep calling, every
 * worker waits until the latest Retry-After any of them was given has passed.
 */
export class PacingGate {
  #resumeAtMs = 0;

  /** Extends the pause to `untilMs`; an earlier time never shortens a pause already set. */
  pauseUntil(untilMs: number): void {
    this.#resumeAtMs = Math.max(this.#resumeAtMs, untilMs);
  }

  /** How long a worker must still wait at `nowMs`; 0 when it may call. */
  remainingMs(nowMs: number): number {
    return Math.max(0, this.#resumeAtMs - nowMs);
  }

  get resumeAtMs(): number {
    return this.#resumeAtMs;
  }
}
