import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { AdaptiveRate, type AdaptiveRateOptions } from "./adaptiveRate";
import { systemClock, type LimiterClock } from "./limiterClock";

export interface AdaptiveRateLimiterOptions extends AdaptiveRateOptions {
  readonly clock?: LimiterClock;
  /**
   * Longest a call may queue for its slot. When Graph's Retry-After (or the queue ahead at the
   * learned rate) would hold it longer, it is answered at once as throttled instead, so a webhook
   * caller or the queue can retry later rather than block.
   */
  readonly maxWaitMs?: number;
}

/** A call let through: report Graph's answer with it. */
export interface SlotPermit {
  readonly granted: true;
  readonly epoch: number;
}

export interface SlotRefusal {
  readonly granted: false;
  /** When it is worth trying again. */
  readonly retryAfterMs: number;
}

interface Waiter {
  readonly resolve: (permit: SlotPermit) => void;
  readonly enqueuedMs: number;
  detach: () => void;
}

const defaultMaxWaitMs = 10_000;

/**
 * Paces every Graph call one instance makes at the rate `AdaptiveRate` has learned: callers queue
 * in arrival order and one timer lets the next through when its slot comes, so a rate change or a
 * pause applies to everyone already waiting.
 */
export class AdaptiveRateLimiter {
  readonly #clock: LimiterClock;
  readonly #rate: AdaptiveRate;
  readonly #maxWaitMs: number;
  readonly #queue: Waiter[] = [];
  #lastGrantMs = Number.NEGATIVE_INFINITY;
  #timer: unknown;
  #timerAtMs = Number.POSITIVE_INFINITY;

  constructor(options: AdaptiveRateLimiterOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#rate = new AdaptiveRate(this.#clock.now(), options);
    this.#maxWaitMs = options.maxWaitMs ?? defaultMaxWaitMs;
  }

  /** Calls per second currently allowed. */
  get ratePerSecond(): number {
    return this.#rate.ratePerSecond;
  }

  /**
   * The common case without a promise or closure: a permit when nobody is queued and the next slot
   * is already open (so a lone call never waits), otherwise undefined (then call `acquire`).
   */
  tryAcquire(): SlotPermit | undefined {
    if (this.#queue.length > 0) {
      return undefined;
    }
    const now = this.#clock.now();
    const slotMs = this.#nextSlotMs();
    if (slotMs > now) {
      return undefined;
    }
    this.#rate.grow(now, false);
    this.#grant(slotMs, now);
    return { granted: true, epoch: this.#rate.epoch };
  }

  /** Resolves when the call may go, or at once with a refusal; rejects with AbortError if the signal fires first. */
  acquire(abortSignal?: AbortSignalLike): Promise<SlotPermit | SlotRefusal> {
    if (abortSignal?.aborted === true) {
      return Promise.reject(new AbortError("The operation was aborted."));
    }
    const now = this.#clock.now();
    const expectedWaitMs = Math.max(this.#rate.pausedUntilMs, this.#lastGrantMs + this.#rate.intervalMs * (this.#queue.length + 1)) - now;
    if (expectedWaitMs > this.#maxWaitMs) {
      return Promise.resolve({ granted: false, retryAfterMs: Math.ceil(expectedWaitMs) });
    }
    return new Promise<SlotPermit>((resolve, reject) => {
      const waiter: Waiter = { resolve, enqueuedMs: now, detach: () => undefined };
      if (abortSignal !== undefined) {
        const onAbort = (): void => {
          const index = this.#queue.indexOf(waiter);
          if (index !== -1) this.#queue.splice(index, 1);
          reject(new AbortError("The operation was aborted."));
          this.#pump();
        };
        abortSignal.addEventListener("abort", onAbort, { once: true });
        waiter.detach = () => {
          abortSignal.removeEventListener("abort", onAbort);
        };
      }
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Graph's answer to a call let through with `permit`. */
  record(permit: SlotPermit, status: number, retryAfterMs: number | undefined): void {
    const now = this.#clock.now();
    if (status === 429) {
      this.#rate.recordThrottled(now, permit.epoch, retryAfterMs);
      // The pause moves the next slot: re-arm the timer for whoever is waiting.
      this.#pump();
    } else {
      this.#rate.recordAccepted(now);
    }
  }

  #pump(): void {
    for (;;) {
      const waiter = this.#queue[0];
      if (waiter === undefined) {
        this.#disarm();
        return;
      }
      const now = this.#clock.now();
      const slotMs = this.#nextSlotMs();
      if (slotMs > now) {
        this.#arm(slotMs, now);
        return;
      }
      this.#queue.shift();
      // Held back by the pacing (not just arriving to a free slot): only then is the rate the bottleneck.
      this.#rate.grow(now, waiter.enqueuedMs < slotMs);
      this.#grant(slotMs, now);
      waiter.detach();
      waiter.resolve({ granted: true, epoch: this.#rate.epoch });
    }
  }

  /** When the next call may go: one interval after the last slot, and not before a pause ends. */
  #nextSlotMs(): number {
    return Math.max(this.#lastGrantMs + this.#rate.intervalMs, this.#rate.pausedUntilMs);
  }

  /**
   * Timers fire late (by a millisecond or more on a busy loop). Counting the next interval from
   * the slot's due time rather than from when the timer fired keeps the pace at the rate instead
   * of several percent under it; after an idle spell (more than one interval late) the schedule
   * restarts from now, so idleness never builds up a burst.
   */
  #grant(slotMs: number, now: number): void {
    this.#lastGrantMs = now - slotMs < this.#rate.intervalMs ? slotMs : now;
  }

  #arm(atMs: number, now: number): void {
    if (this.#timer !== undefined && this.#timerAtMs === atMs) return;
    this.#disarm();
    this.#timerAtMs = atMs;
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerAtMs = Number.POSITIVE_INFINITY;
      this.#pump();
    }, atMs - now);
  }

  #disarm(): void {
    if (this.#timer !== undefined) {
      this.#clock.clearTimer(this.#timer);
      this.#timer = undefined;
      this.#timerAtMs = Number.POSITIVE_INFINITY;
    }
  }
}
