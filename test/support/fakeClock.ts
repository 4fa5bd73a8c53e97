import type { LimiterClock } from "../../src/graph/limiterClock";

interface FakeTimer {
  readonly atMs: number;
  readonly callback: () => void;
}

/** A clock that moves only when told, firing due timers in order; promises still need a tick to settle. */
export class FakeClock implements LimiterClock {
  #nowMs = 0;
  readonly #timers = new Set<FakeTimer>();

  /** `lateByMs` makes every timer fire that much after it is due, as on a busy event loop. */
  constructor(private readonly lateByMs = 0) {}

  now(): number {
    return this.#nowMs;
  }

  setTimer(callback: () => void, delayMs: number): unknown {
    const timer: FakeTimer = { atMs: this.#nowMs + Math.max(0, delayMs) + this.lateByMs, callback };
    this.#timers.add(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as FakeTimer);
  }

  /** Moves time forward, firing every timer that falls due on the way (and letting promises settle). */
  async advance(durationMs: number): Promise<void> {
    const target = this.#nowMs + durationMs;
    for (;;) {
      const next = [...this.#timers].filter((timer) => timer.atMs <= target).sort((a, b) => a.atMs - b.atMs)[0];
      if (next === undefined) break;
      this.#timers.delete(next);
      this.#nowMs = next.atMs;
      next.callback();
      await settle();
    }
    this.#nowMs = target;
    await settle();
  }
}

/** Lets already-resolved promise callbacks run. */
export async function settle(): Promise<void> {
  for (let index = 0; index < 5; index++) await Promise.resolve();
}
