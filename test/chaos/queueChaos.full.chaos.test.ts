import { beforeAll, describe, expect, it } from "vitest";
import { formatChaosFigures } from "../support/formatChaosFigures";
import { runQueueChaos, type QueueChaosFigures } from "../support/queueChaos";

// `npm run test:chaos`: issue 8's full run. Not part of `npm test` (it takes minutes on 2 cores);
// test/chaos/queueChaos.test.ts is its small version there.
describe("2,000 queue messages through two competing consumer processes, one killed, with faults in every layer", () => {
  let figures: QueueChaosFigures;

  beforeAll(async () => {
    figures = await runQueueChaos({ messages: 2_000, consumers: 2, maxConcurrentCalls: 16, seed: 8, timeoutMs: 420_000 });
    process.stdout.write(formatChaosFigures("full", figures));
  }, 480_000);

  it("settles every message before the deadline", () => {
    expect(figures.timedOut).toBe(false);
  });

  it("loses no message: each is reprocessed by Graph, parked or dead-lettered", () => {
    expect(figures.lost).toEqual([]);
  });

  it("reprocesses an assignment twice only where at-least-once delivery cannot avoid it", () => {
    expect(figures.unexplainedDuplicates).toEqual([]);
  });

  it("parks every message the queue cannot act on with its own reason, or attemptsExhausted when Graph failed it every time", () => {
    expect(figures.wrongReason).toEqual([]);
    expect(figures.parkedByReason.invalidId).toBe(100);
    expect(figures.parkedByReason.malformed).toBe(100);
  });

  it("delivers the killed consumer's locked messages again, only once their locks expired", () => {
    expect(figures.killed.redeliveredAfterLockExpiry).toBeGreaterThan(0);
    expect(figures.killed.redeliveredEarly).toBe(0);
  });

  it("shares the queue between competing consumers", () => {
    expect(figures.completedPerConsumer.filter((completed) => completed > 0).length).toBeGreaterThanOrEqual(2);
  });
});
