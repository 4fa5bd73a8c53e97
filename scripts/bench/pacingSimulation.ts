// The simulation the pacing defaults were chosen with (docs/performance.md, "Client-side pacing"):
// the real AdaptiveRateLimiter on a simulated clock, N instances (each its own limiter and 16
// callers) drawing on one pool of calls and one token bucket with Retry-After 1 s, each call taking
// a slot and retrying a 429 after Retry-After, as the queue path does. No machine noise: it answers
// "which rules waste fewest seconds", the scale bench answers "how much on this machine".
// Run: npx tsx scripts/bench/pacingSimulation.ts (SIM_RUNS, SIM_N the large size, SIM_BURST the
// burst as a fraction of the rate, SIM_OPTIONS the limiter's options as JSON).
import { AdaptiveRateLimiter } from "../../src/graph/adaptiveRateLimiter";
import type { AdaptiveRateOptions } from "../../src/graph/adaptiveRate";
import type { LimiterClock } from "../../src/graph/limiterClock";
import { TokenBucket } from "../../test/support/graph/tokenBucket";

export interface PacingSimulationOptions {
  readonly calls: number;
  readonly limitPerSecond: number;
  readonly burst: number;
  /** App instances, each with its own limiter and `concurrency` callers, drawing on one limit and one pool of calls. */
  readonly instances: number;
  readonly concurrency: number;
  /** Loopback round trip of one call. */
  readonly roundTripMs: number;
  /** Before the first call: the token and the TLS handshakes (each caller up to 100 ms later). */
  readonly startUpMs: number;
  /** Seeds the callers' start-up jitter, so a run can be repeated. */
  readonly seed: number;
  readonly limiterOptions?: AdaptiveRateOptions;
}

export interface PacingSimulationResult {
  readonly goodputFraction: number;
  readonly throttled: number;
  readonly throttledFraction: number;
  readonly durationMs: number;
  /** Seconds until Graph first accepted 90% of the limit over one second. */
  readonly rampSeconds: number;
  /** Calls each instance had accepted, to judge fairness. */
  readonly acceptedByInstance: readonly number[];
}

interface SimulatedEvent {
  readonly atMs: number;
  readonly order: number;
  readonly run: () => void;
}

/** A clock whose timers are events run in order of time; nothing waits for real. */
class SimulatedClock implements LimiterClock {
  nowMs = 0;
  #order = 0;
  readonly #events: SimulatedEvent[] = [];

  now(): number {
    return this.nowMs;
  }

  setTimer(callback: () => void, delayMs: number): unknown {
    const event: SimulatedEvent = { atMs: this.nowMs + Math.max(0, delayMs), order: this.#order++, run: callback };
    this.#events.push(event);
    return event;
  }

  clearTimer(handle: unknown): void {
    const index = this.#events.indexOf(handle as SimulatedEvent);
    if (index !== -1) this.#events.splice(index, 1);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /** Runs the earliest event; false when none is left. */
  step(): boolean {
    if (this.#events.length === 0) return false;
    let next = 0;
    for (let index = 1; index < this.#events.length; index++) {
      const event = this.#events[index];
      const best = this.#events[next];
      if (event !== undefined && best !== undefined && (event.atMs < best.atMs || (event.atMs === best.atMs && event.order < best.order))) next = index;
    }
    const [event] = this.#events.splice(next, 1);
    if (event === undefined) return false;
    this.nowMs = Math.max(this.nowMs, event.atMs);
    event.run();
    return true;
  }
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Lets every promise continuation queued by the last event run before the next event. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await Promise.resolve();
}

export async function simulatePacing(options: PacingSimulationOptions): Promise<PacingSimulationResult> {
  const clock = new SimulatedClock();
  const bucket = new TokenBucket({ requestsPerSecond: options.limitPerSecond, burst: options.burst, retryAfterSeconds: 1 }, 0);
  const random = seededRandom(options.seed);
  const acceptedAtMs: number[] = [];
  const acceptedByInstance: number[] = Array<number>(options.instances).fill(0);
  let remaining = options.calls;
  let throttled = 0;
  let lastAcceptedMs = 0;
  const instance = async (index: number): Promise<void> => {
    const limiter = new AdaptiveRateLimiter({ clock, maxWaitMs: 10_000, ...options.limiterOptions });
    // One attempt: 0 when Graph accepted it, else how long to wait before the next.
    const attempt = async (): Promise<number> => {
      const slot = limiter.tryAcquire() ?? (await limiter.acquire());
      if (!slot.granted) return slot.retryAfterMs;
      await clock.sleep(options.roundTripMs / 2);
      const retryAfterSeconds = bucket.tryTake(clock.now());
      await clock.sleep(options.roundTripMs / 2);
      limiter.record(slot, retryAfterSeconds > 0 ? 429 : 202, retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : undefined);
      if (retryAfterSeconds === 0) {
        lastAcceptedMs = clock.now();
        acceptedAtMs.push(lastAcceptedMs);
        acceptedByInstance[index] = (acceptedByInstance[index] ?? 0) + 1;
        return 0;
      }
      throttled += 1;
      return retryAfterSeconds * 1000;
    };
    const caller = async (): Promise<void> => {
      await clock.sleep(options.startUpMs + random() * 100);
      while (remaining > 0) {
        remaining -= 1;
        for (let waitMs = await attempt(); waitMs > 0; waitMs = await attempt()) await clock.sleep(waitMs);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, caller));
  };
  const callers = { finished: false };
  void Promise.all(Array.from({ length: options.instances }, (_, index) => instance(index))).then(() => {
    callers.finished = true;
  });
  await settle();
  while (!callers.finished && clock.step()) await settle();
  let rampSeconds = Number.NaN;
  for (let first = 0, last = 0; last < acceptedAtMs.length; last++) {
    const end = acceptedAtMs[last] ?? 0;
    while ((acceptedAtMs[first] ?? 0) <= end - 1_000) first++;
    if (last - first + 1 >= 0.9 * options.limitPerSecond) {
      rampSeconds = end / 1000;
      break;
    }
  }
  return {
    goodputFraction: options.calls / (lastAcceptedMs / 1000) / options.limitPerSecond,
    throttled,
    throttledFraction: throttled / (throttled + options.calls),
    durationMs: lastAcceptedMs,
    rampSeconds,
    acceptedByInstance,
  };
}

/** The scale bench's cells: instances × limits × sizes (SIM_N sets the large size, as BENCH_N does). */
async function main(): Promise<void> {
  const runs = Number(process.env.SIM_RUNS ?? "3");
  const n = Number(process.env.SIM_N ?? "2000");
  const limiterOptions = process.env.SIM_OPTIONS === undefined ? {} : (JSON.parse(process.env.SIM_OPTIONS) as AdaptiveRateOptions);
  const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
  for (const limitPerSecond of [20, 200]) {
    for (const instances of [1, 4, 8]) {
      for (const calls of [n / 5, n]) {
        const results: PacingSimulationResult[] = [];
        for (let run = 0; run < runs; run++) {
          results.push(
            await simulatePacing({ calls, limitPerSecond, burst: Math.max(1, Math.round(limitPerSecond * Number(process.env.SIM_BURST ?? "1"))), instances, concurrency: 16, roundTripMs: 3, startUpMs: 100, seed: run + 1, limiterOptions }),
          );
        }
        const mean = (pick: (result: PacingSimulationResult) => number): number => results.reduce((sum, result) => sum + pick(result), 0) / results.length;
        const worst = Math.min(...results.map((result) => result.goodputFraction));
        const shares = results[0]?.acceptedByInstance ?? [];
        console.log(
          `${String(instances).padStart(2)} × ${String(limitPerSecond).padStart(3)}/s n ${String(calls).padStart(5)}: goodput ${percent(mean((result) => result.goodputFraction))} (worst ${percent(worst)}), 429s ${percent(mean((result) => result.throttledFraction))}, ramp ${mean((result) => result.rampSeconds).toFixed(2)} s, shares ${shares.join("/")}`,
        );
      }
    }
  }
}

if (require.main === module) {
  void main();
}
