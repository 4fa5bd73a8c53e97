import type { GraphCallRecord } from "../../src/graph/graphClient";
import type { HealSweepEvent, OutcomeEvent, QueueActionEvent, Telemetry, VerificationEvent } from "../../src/core/telemetry";

/** A Telemetry port that keeps every event for assertions. */
export class RecordingTelemetry implements Telemetry {
  readonly outcomes: OutcomeEvent[] = [];
  readonly graphCalls: GraphCallRecord[] = [];
  readonly queueActions: QueueActionEvent[] = [];
  readonly healSweeps: HealSweepEvent[] = [];
  readonly verifications: VerificationEvent[] = [];

  trackOutcome(event: OutcomeEvent): void {
    this.outcomes.push(event);
  }

  trackGraphCall(record: GraphCallRecord): void {
    this.graphCalls.push(record);
  }

  trackQueueAction(event: QueueActionEvent): void {
    this.queueActions.push(event);
  }

  trackHealSweep(event: HealSweepEvent): void {
    this.healSweeps.push(event);
  }

  trackVerification(event: VerificationEvent): void {
    this.verifications.push(event);
  }

  clear(): void {
    this.outcomes.length = 0;
    this.graphCalls.length = 0;
    this.queueActions.length = 0;
    this.healSweeps.length = 0;
    this.verifications.length = 0;
  }
}
