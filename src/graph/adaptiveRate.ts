export interface AdaptiveRateOptions {
  /** On a 429 after the probe, the new rate is this fraction of the throughput Graph accepted just before it. */
  readonly decreaseFactor?: number;
  /** Used instead when the 429 comes within `fastThrottleMs` of resuming: the rate is far too high. */
  readonly fastDecreaseFactor?: number;
  readonly fastThrottleMs?: number;
  /** Additive increase per second while calls queue, as a fraction of the rate Graph last accepted. */
  readonly increasePerSecond?: number;
  /**
   * Used instead of `increasePerSecond` between the end of the probe and the next 429: the probe
   * only brackets the limit (its end lands anywhere from a few percent under the limit to just
   * over it), so the first climb after it must be quick enough to find it within the run.
   */
  readonly probeSettleIncreasePerSecond?: number;
  /** Geometric growth per second between the first and second 429, while the limit is still a guess. */
  readonly probeGrowthPerSecond?: number;
  /**
   * Below this fraction of the most Graph accepted per second over `recoverySpanSeconds` in a row
   * within the last `recoveryHorizonMs`, the rate grows geometrically (at `probeGrowthPerSecond`)
   * back up to it.
   */
  readonly recoveryFraction?: number;
  readonly recoveryHorizonMs?: number;
  /** How many consecutive whole seconds "the most Graph accepted" is averaged over. */
  readonly recoverySpanSeconds?: number;
  /**
   * On the first 429 (which ends unpaced calling), the probe starts at this fraction of the
   * throughput accepted before it: that figure is a poor guess either way (start-up latency makes
   * it low, the token bucket's initial burst high), and a start too high ends the probe at once.
   */
  readonly probeStartFactor?: number;
  /**
   * Used instead of `decreaseFactor` (and of `fastDecreaseFactor`, however soon it comes) on the
   * 429 that ends the geometric probe. The window before it averages a rate that was still
   * climbing, which alone would sit under the limit, plus the token bucket's burst, which Graph
   * spent in that window and which puts the figure a few percent over it.
   */
  readonly probeEndDecreaseFactor?: number;
  /** How far back "the throughput observed just before" a 429 looks. */
  readonly windowMs?: number;
  /** Shortest span a throughput is computed over, so a few quick successes are not read as a huge rate. */
  readonly minSampleMs?: number;
  readonly minRatePerSecond?: number;
  /** Pause after a 429 that carries no Retry-After. */
  readonly defaultPauseMs?: number;
}

// Chosen by simulating a token bucket with a Retry-After of whole seconds (how Graph and the
// emulator throttle; scripts/bench/pacingSimulation.ts) and checked by the bulk bench: with a burst
// of a tenth of the rate a 50 s run sees two or three 429s (the end of unpaced calling, the end of
// the probe, the climb after it) and otherwise runs at 97-100% of the limit; docs/performance.md
// explains the trade-offs and the weaker cases.
export const defaultAdaptiveRateOptions: Required<AdaptiveRateOptions> = {
  decreaseFactor: 0.97,
  fastDecreaseFactor: 0.7,
  fastThrottleMs: 1_000,
  increasePerSecond: 0.0003,
  probeSettleIncreasePerSecond: 0.001,
  probeGrowthPerSecond: 2,
  probeEndDecreaseFactor: 0.98,
  recoveryFraction: 0.9,
  recoveryHorizonMs: 60_000,
  recoverySpanSeconds: 3,
  probeStartFactor: 0.5,
  windowMs: 1_000,
  minSampleMs: 100,
  minRatePerSecond: 0.5,
  defaultPauseMs: 1_000,
};

const bucketMs = 50;

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
 * The rate maths of client-side pacing, free of timers so it can be tested with plain numbers:
 * unlimited until Graph first answers 429; then, on each 429, a pause until Retry-After and a rate
 * under what Graph accepted before it; while calls queue without a 429, growth: geometric between
 * the first and second 429 (the probe: the first estimate is only a guess), then additive, quicker
 * until the next 429 (the probe only brackets the limit), slow after it.
 */
export class AdaptiveRate {
  readonly #options: Required<AdaptiveRateOptions>;
  #ratePerSecond: number | undefined;
  #pausedUntilMs = Number.NEGATIVE_INFINITY;
  #resumedAtMs: number;
  #epoch = 0;
  #throttles = 0;
  #lastRateAtThrottle: number | undefined;
  // When calls last started flowing after an idle spell.
  #activeSinceMs: number;
  #lastGrantMs = Number.NEGATIVE_INFINITY;
  #lastGrowthMs: number;
  // Successes per 50 ms bucket over the last window.
  readonly #bucketCounts: RingCounts;
  // Successes per whole second over the recovery horizon, for the recent peak.
  readonly #secondCounts: RingCounts;

  constructor(nowMs: number, options: AdaptiveRateOptions = {}) {
    this.#options = { ...defaultAdaptiveRateOptions, ...options };
    this.#resumedAtMs = nowMs;
    this.#lastGrowthMs = nowMs;
    this.#activeSinceMs = nowMs;
    this.#bucketCounts = new RingCounts(Math.ceil(this.#options.windowMs / bucketMs) + 1);
    this.#secondCounts = new RingCounts(Math.ceil(this.#options.recoveryHorizonMs / 1000) + 1);
  }

  /** Calls per second, or undefined while no 429 has been seen. */
  get ratePerSecond(): number | undefined {
    return this.#ratePerSecond;
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
    return this.#ratePerSecond === undefined ? 0 : 1000 / this.#ratePerSecond;
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
    const rate = this.#ratePerSecond;
    if (rate === undefined || !waited || nowMs <= since) {
      return;
    }
    const seconds = (nowMs - since) / 1000;
    const geometric = rate * this.#options.probeGrowthPerSecond ** seconds;
    if (this.#throttles < 2) {
      this.#ratePerSecond = geometric;
      return;
    }
    // A 429 caused by a hiccup (a stall that bunched calls up, a burst from elsewhere) can drop
    // the rate far under what Graph took moments ago; climbing back additively would then take
    // minutes. Return quickly to just under the recent peak, and probe slowly only above it.
    const recoveryLevel = this.#options.recoveryFraction * this.recentPeakPerSecond(nowMs);
    // Until a 429 after the probe has shown where the limit is, the climb must be quick enough to find it.
    const increase = this.#throttles === 2 ? this.#options.probeSettleIncreasePerSecond : this.#options.increasePerSecond;
    this.#ratePerSecond = rate < recoveryLevel ? Math.min(geometric, recoveryLevel) : rate + increase * (this.#lastRateAtThrottle ?? rate) * seconds;
  }

  /** Graph answered something other than 429: it accepted the call under its rate limit. */
  recordAccepted(nowMs: number): void {
    this.#bucketCounts.add(Math.floor(nowMs / bucketMs));
    this.#secondCounts.add(Math.floor(nowMs / 1000));
  }

  /**
   * The most calls per second Graph accepted over `recoverySpanSeconds` consecutive whole (clock)
   * seconds within the recovery horizon. Over one second a token bucket's burst can make this far
   * more than its rate; over several, the burst counts for a fraction.
   */
  recentPeakPerSecond(nowMs: number): number {
    const current = Math.floor(nowMs / 1000);
    const oldest = current - Math.ceil(this.#options.recoveryHorizonMs / 1000);
    const span = this.#options.recoverySpanSeconds;
    let peak = 0;
    // The current second is still filling; counting it would understate nothing but is noise.
    for (let last = current - 1; last - span + 1 >= oldest; last--) {
      let sum = 0;
      for (let second = last - span + 1; second <= last; second++) sum += this.#secondCounts.countOf(second);
      peak = Math.max(peak, sum / span);
    }
    return peak;
  }

  /** Graph answered 429 to a call let through in `sentEpoch`. */
  recordThrottled(nowMs: number, sentEpoch: number, retryAfterMs: number | undefined): void {
    const until = nowMs + (retryAfterMs ?? this.#options.defaultPauseMs);
    if (until > this.#pausedUntilMs) {
      this.#pausedUntilMs = until;
    }
    if (sentEpoch !== this.#epoch) {
      // Sent before the last decrease: the same overload, already answered.
      return;
    }
    const observed = this.observedPerSecond(nowMs);
    // The first 429 starts the probe and the second ends it, however soon after resuming it comes
    // (the probe's own overshoot, not a sign the limit fell); only later 429s can be "fast".
    const factor =
      this.#throttles === 0
        ? this.#options.probeStartFactor
        : this.#throttles === 1
          ? this.#options.probeEndDecreaseFactor
          : nowMs - this.#resumedAtMs < this.#options.fastThrottleMs
            ? this.#options.fastDecreaseFactor
            : this.#options.decreaseFactor;
    this.#lastRateAtThrottle = observed;
    this.#ratePerSecond = Math.max(this.#options.minRatePerSecond, factor * Math.min(observed, this.#ratePerSecond ?? Number.POSITIVE_INFINITY));
    this.#throttles += 1;
    this.#epoch += 1;
    this.#resumedAtMs = this.#pausedUntilMs;
    this.#lastGrowthMs = this.#pausedUntilMs;
  }

  /** Accepted calls per second over the last window, counting only time since the last pause ended and since calls last started flowing. */
  observedPerSecond(nowMs: number): number {
    const from = Math.max(nowMs - this.#options.windowMs, this.#resumedAtMs, this.#activeSinceMs);
    const firstId = Math.floor(from / bucketMs);
    const lastId = Math.floor(nowMs / bucketMs);
    // The window spans at most as many buckets as the ring holds, so none of these was overwritten.
    let accepted = 0;
    for (let id = firstId; id <= lastId; id++) accepted += this.#bucketCounts.countOf(id);
    return accepted / (Math.max(nowMs - from, this.#options.minSampleMs) / 1000);
  }
}
