import { beforeAll, describe, expect, it } from "vitest";
import { formatChaosFigures } from "../support/formatChaosFigures";
import { runQueueChaos, type QueueChaosFigures } from "../support/queueChaos";

// The small version of `npm run test:chaos`: same fault mix, fewer messages, so it fits `npm test`
// (~16-25 s). The deadline is generous: after a dropped connection an @azure/service-bus send can
// hang ~60 s before failing (seen in these runs), and the run must then still finish.
describe("200 queue messages through two competing consumer processes, one killed, with faults in every layer", () => {
  let figures: QueueChaosFigures;

  beforeAll(async () => {
    figures = await runQueueChaos({ messages: 200, consumers: 2, maxConcurrentCalls: 8, seed: 20261128, timeoutMs: 100_000 });
    process.stdout.write(formatChaosFigures("small", figures));
  }, 120_000);

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
    expect(figures.parkedByReason.invalidId).toBe(10);
    expect(figures.parkedByReason.malformed).toBe(10);
  });

  it("delivers the killed consumer's locked messages again, only once their locks expired", () => {
    expect(figures.killed.redeliveredAfterLockExpiry).toBeGreaterThan(0);
    expect(figures.killed.redeliveredEarly).toBe(0);
  });

  it("shares the queue between competing consumers", () => {
    expect(figures.completedPerConsumer.filter((completed) => completed > 0).length).toBeGreaterThanOrEqual(2);
  });
});
