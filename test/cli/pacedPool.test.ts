import { describe, expect, it } from "vitest";
import { PacingGate, retryDelayMs, runPacedPool, type PacedPoolOptions, type TaskAttempt } from "../../src/cli/pacedPool";

/** Virtual time: a sleep resolves on the next turn and moves the clock to when it would have ended. */
interface VirtualClock {
  readonly sleeps: number[];
  readonly now: () => number;
  readonly sleep: (delayMs: number, abortSignal: AbortSignal) => Promise<void>;
}

function virtualClock(): VirtualClock {
  let clockMs = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => clockMs,
    sleep: async (delayMs, abortSignal) => {
      sleeps.push(delayMs);
      const endMs = clockMs + delayMs;
      await new Promise((resolve) => setImmediate(resolve));
      abortSignal.throwIfAborted();
      clockMs = Math.max(clockMs, endMs);
    },
  };
}

const baseOptions = (clock = virtualClock()): PacedPoolOptions<string> => ({
  concurrency: 2,
  maxAttempts: 3,
  backoff: { baseDelayMs: 1_000, maxDelayMs: 8_000 },
  abortSignal: new AbortController().signal,
  random: () => 1,
  ...clock,
});

const done = (result: string): TaskAttempt<string> => ({ kind: "done", result });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("runPacedPool", () => {
  it("settles every item and returns the results in input order", async () => {
    const results = await runPacedPool([30, 10, 20], async (delay) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return done(`item ${delay}`);
    }, baseOptions());

    expect(results).toEqual([30, 10, 20].map((delay) => ({ kind: "settled", item: delay, result: `item ${delay}`, attempts: 1 })));
  });

  it("never has more than `concurrency` items in flight", async () => {
    let inFlight = 0;
    let mostInFlight = 0;

    await runPacedPool([1, 2, 3, 4, 5, 6, 7], async () => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await tick();
      inFlight--;
      return done("ok");
    }, { ...baseOptions(), concurrency: 3 });

    expect(mostInFlight).toBe(3);
  });

  it("retries a throttled item after its Retry-After and counts the attempts", async () => {
    const clock = virtualClock();

    const [result] = await runPacedPool(["x"], (_item, attempt) =>
      Promise.resolve<TaskAttempt<string>>(attempt === 1 ? { kind: "retry", result: "throttled", retryAfterMs: 2_000 } : done("accepted")),
    { ...baseOptions(clock) });

    expect(result).toEqual({ kind: "settled", item: "x", result: "accepted", attempts: 2 });
    expect(clock.sleeps).toEqual([2_000]);
  });

  it("holds every worker, not only the throttled one, until the Retry-After has passed", async () => {
    const clock = virtualClock();
    const startedAtMs: Record<string, number> = {};

    await runPacedPool(["throttled", "slow", "c", "d"], async (item, attempt) => {
      startedAtMs[`${item}#${attempt}`] = clock.now();
      if (item === "slow") await tick();
      return item === "throttled" && attempt === 1 ? { kind: "retry", result: "429", retryAfterMs: 5_000 } : done("ok");
    }, baseOptions(clock));

    expect(startedAtMs["c#1"]).toBeGreaterThanOrEqual(5_000);
    expect(startedAtMs["d#1"]).toBeGreaterThanOrEqual(5_000);
    expect(startedAtMs["throttled#2"]).toBeGreaterThanOrEqual(5_000);
  });

  it("keeps the last transient answer as final once the attempts run out", async () => {
    const [result] = await runPacedPool(["x"], () => Promise.resolve<TaskAttempt<string>>({ kind: "retry", result: "throttled", retryAfterMs: 10 }), baseOptions());

    expect(result).toEqual({ kind: "settled", item: "x", result: "throttled", attempts: 3 });
  });

  it("backs off exponentially between retries that name no Retry-After", async () => {
    const clock = virtualClock();

    await runPacedPool(["x"], () => Promise.resolve<TaskAttempt<string>>({ kind: "retry", result: "503", retryAfterMs: undefined }), { ...baseOptions(clock), maxAttempts: 4 });

    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it("reports each pause, so progress can show the wait", async () => {
    const pauses: number[] = [];

    await runPacedPool(["x"], (_item, attempt) => Promise.resolve(attempt === 1 ? { kind: "retry", result: "429", retryAfterMs: 3_000 } : done("ok")), {
      ...baseOptions(),
      onPause: (resumeAtMs) => pauses.push(resumeAtMs),
    });

    expect(pauses).toEqual([3_000]);
  });

  it("cancels the items in flight and those not started when aborted", async () => {
    const controller = new AbortController();

    const results = await runPacedPool(["a", "b", "c", "d"], async (item, _attempt, abortSignal) => {
      if (item === "b") {
        controller.abort();
        abortSignal.throwIfAborted();
      }
      await tick();
      return done(item);
    }, { ...baseOptions(), abortSignal: controller.signal, concurrency: 2 });

    expect(results.map((result) => result.kind)).toEqual(["settled", "cancelled", "cancelled", "cancelled"]);
  });

  it("stops the pool and rethrows when a task throws instead of answering", async () => {
    const started: string[] = [];

    const run = runPacedPool(["a", "b", "c"], (item) => {
      started.push(item);
      return item === "a" ? Promise.reject(new Error("no token")) : Promise.resolve(done(item));
    }, { ...baseOptions(), concurrency: 1 });

    await expect(run).rejects.toThrow("no token");
    expect(started).toEqual(["a"]);
  });
});

describe("PacingGate", () => {
  it("lets workers through until someone pauses it", () => {
    expect(new PacingGate().remainingMs(1_000)).toBe(0);
  });

  it("makes every worker wait until the pause ends", () => {
    const gate = new PacingGate();
    gate.pauseUntil(5_000);

    expect(gate.remainingMs(2_000)).toBe(3_000);
    expect(gate.remainingMs(5_000)).toBe(0);
  });

  it("keeps the later of two pauses, so a short Retry-After never cuts a long one short", () => {
    const gate = new PacingGate();
    gate.pauseUntil(9_000);
    gate.pauseUntil(4_000);

    expect(gate.resumeAtMs).toBe(9_000);
  });
});

const backoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

describe("retryDelayMs", () => {
  it("waits exactly the Retry-After Graph asked for", () => {
    expect(retryDelayMs(7_000, 1, backoff)).toBe(7_000);
  });

  it("honours a Retry-After of zero", () => {
    expect(retryDelayMs(0, 3, backoff)).toBe(0);
  });

  it("backs off exponentially when Graph named no delay", () => {
    const noJitter = (): number => 1;

    expect([1, 2, 3].map((attempt) => retryDelayMs(undefined, attempt, backoff, noJitter))).toEqual([1_000, 2_000, 4_000]);
  });

  it("caps the backoff", () => {
    expect(retryDelayMs(undefined, 20, backoff, () => 1)).toBe(30_000);
  });
});
