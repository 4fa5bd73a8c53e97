import { beforeAll, describe, expect, it } from "vitest";
import { formatChaosFigures } from "./formatChaosFigures";
import { runQueueChaos, type QueueChaosFigures, type QueueChaosOptions } from "./queueChaos";

export interface QueueChaosSuiteOptions {
  /** Printed with the figures: "full" or "small". */
  readonly label: string;
  readonly run: QueueChaosOptions;
  /** For the beforeAll that runs it: above `run.timeoutMs`, so a run that times out still reports. */
  readonly hookTimeoutMs: number;
}

/**
 * The chaos run's checks, one behaviour each, under the test names README's Guarantees cite; the
 * full and the small run differ only in size. The run itself happens once, before the checks.
 */
export function describeQueueChaos(title: string, options: QueueChaosSuiteOptions): void {
  describe(title, () => {
    let figures: QueueChaosFigures;
    // One in twenty input messages is each kind the queue must park.
    const parkedOfEachKind = options.run.messages / 20;

    beforeAll(async () => {
      figures = await runQueueChaos(options.run);
      process.stdout.write(formatChaosFigures(options.label, figures));
    }, options.hookTimeoutMs);

    it("settles every message before the deadline", () => {
      expect(figures.timedOut).toBe(false);
    });

    it("loses no message: each is reprocessed by Graph and confirmed, parked or dead-lettered", () => {
      expect(figures.lost).toEqual([]);
    });

    it("confirms or parks every item Graph accepted: none is left unverified", () => {
      expect(figures.verification.unverified).toEqual([]);
    });

    it("confirms the deliveries that succeed and parks, as notDeliveredAfterReprocess, those that fail again or never end", () => {
      expect(figures.verification.confirmed).toBeGreaterThan(figures.verification.expectedConfirmed * 0.9);
      expect(figures.verification.parkedOfExpected).toBe(figures.verification.expectedParked);
      expect([figures.verification.stillFailing, figures.verification.gaveUp].every((count) => count > 0)).toBe(true);
    });

    it("reprocesses an assignment twice only where at-least-once delivery cannot avoid it", () => {
      expect(figures.unexplainedDuplicates).toEqual([]);
    });

    it("parks every message the queue cannot act on with its own reason, or attemptsExhausted when Graph failed it every time", () => {
      expect(figures.wrongReason).toEqual([]);
      expect(figures.parkedByReason.invalidId).toBe(parkedOfEachKind);
      expect(figures.parkedByReason.malformed).toBe(parkedOfEachKind);
    });

    it("delivers the killed consumer's locked messages again, only once their locks expired", () => {
      expect(figures.killed.redeliveredAfterLockExpiry).toBeGreaterThan(0);
      expect(figures.killed.redeliveredEarly).toBe(0);
    });

    // A consumer that dies on its own (an uncaught error, such as the SDK's unawaited token renewal
    // failing) loses no message, since its locks lapse, but in production it is a worker restart.
    it("keeps every consumer process alive through the faults, except the one it kills", () => {
      expect(figures.crashedConsumers).toEqual([]);
    });

    it("shares the queue between competing consumers", () => {
      expect(figures.completedPerConsumer.filter((completed) => completed > 0).length).toBeGreaterThanOrEqual(2);
    });

    // Short-lived tokens send each consumer's credential back to the endpoint all run, not only at
    // start-up. Whether a refusal meets a renewal or a first request, and whether it then fails a
    // Graph call, depends on timing: the figures count those, the check is that both happened.
    it("has consumers renew their tokens during the run while the managed identity endpoint refuses some token requests", () => {
      expect(figures.faults.identityRenewalsMidRun).toBeGreaterThan(0);
      expect(figures.faults.identityRefusals).toBeGreaterThan(0);
    });
  });
}
