import type { NationalCloudName } from "../clouds/nationalCloud";
import type { ReprocessOutcome, ReprocessOutcomeKind } from "./reprocessOutcome";
import type { GraphCallRecord } from "../graph/graphClient";

export type OutcomeSource = "http" | "queue" | "expand";

/** One per reprocess request that reached an outcome, whatever the entry point. */
export interface OutcomeEvent {
  readonly outcome: ReprocessOutcomeKind;
  readonly source: OutcomeSource;
  readonly cloud: NationalCloudName;
  readonly assignmentId?: string;
  /** HTTP status answered (webhook) or that Graph last answered (queue). */
  readonly httpStatus?: number;
  /** 1 for the first try; the queue path counts rescheduled copies. */
  readonly attempt: number;
  readonly graphRequestId?: string;
  readonly clientRequestId?: string;
  readonly durationMs: number;
  /** Who asked, when the request came with an Entra token: its `oid` and `appid`/`azp`. */
  readonly caller?: { readonly objectId?: string; readonly appId?: string };
}

/** What the queue path did with a message instead of completing it. */
export interface QueueActionEvent {
  readonly action: "scheduled" | "parked" | "enqueued";
  readonly source: OutcomeSource;
  readonly messageId: string;
  readonly assignmentId?: string;
  readonly reason?: string;
  readonly attempt: number;
  readonly delayMs?: number;
  readonly count?: number;
}

/**
 * The only way the app reports what happened. Implementations must never receive tokens,
 * secrets or request bodies: events carry ids and outcomes only.
 */
export interface Telemetry {
  trackOutcome(event: OutcomeEvent): void;
  trackGraphCall(record: GraphCallRecord): void;
  trackQueueAction(event: QueueActionEvent): void;
}

export const noTelemetry: Telemetry = {
  trackOutcome: () => undefined,
  trackGraphCall: () => undefined,
  trackQueueAction: () => undefined,
};

/** The ids an outcome event carries, present only where the outcome has them. */
export function outcomeEventIds(outcome: ReprocessOutcome): Pick<OutcomeEvent, "assignmentId" | "graphRequestId" | "clientRequestId"> {
  if (outcome.kind === "invalidId") {
    return {};
  }
  const { requestId, clientRequestId } = outcome.graph;
  return requestId === undefined ? { assignmentId: outcome.assignmentId, clientRequestId } : { assignmentId: outcome.assignmentId, graphRequestId: requestId, clientRequestId };
}
