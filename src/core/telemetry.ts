import type { NationalCloudName } from "../clouds/nationalCloud";
import type { ReprocessOutcome, ReprocessOutcomeKind } from "./reprocessOutcome";
import type { RequestReprocessOutcome, RequestReprocessOutcomeKind } from "./requestReprocessOutcome";
import type { GraphCallRecord } from "../graph/graphClient";
import type { VerifyTarget } from "../queue/queueMessage";

/** Where a reprocess came from: the webhook, a queue message sent to us, an expand page, a heal sweep page. */
export type OutcomeSource = "http" | "queue" | "expand" | "heal";

/** Every outcome kind of either operation (assignments, assignment requests). */
export type OutcomeKind = ReprocessOutcomeKind | RequestReprocessOutcomeKind;

/** Who asked, when the request came with an Entra token: its `oid` and `appid`/`azp`. */
export interface EventCaller {
  readonly objectId?: string;
  readonly appId?: string;
}

/** One per reprocess request that reached an outcome, whatever the entry point. */
export interface OutcomeEvent {
  readonly outcome: OutcomeKind;
  readonly source: OutcomeSource;
  readonly cloud: NationalCloudName;
  /** Set for an assignment reprocess. */
  readonly assignmentId?: string;
  /** Set for an assignment request reprocess. */
  readonly assignmentRequestId?: string;
  /** Queue path: the request the message belongs to (a batch's Idempotency-Key, a heal sweep's id). */
  readonly requestId?: string;
  /** HTTP status answered (webhook) or that Graph last answered (queue). */
  readonly httpStatus?: number;
  /** 1 for the first try; the queue path counts rescheduled copies. */
  readonly attempt: number;
  readonly graphRequestId?: string;
  readonly clientRequestId?: string;
  readonly durationMs: number;
  /** Who asked, when the request came with an Entra token. */
  readonly caller?: EventCaller;
}

/** What the queue path did with a message instead of completing it; `verifyNotSent`: the webhook's verify could not be enqueued. */
export interface QueueActionEvent {
  readonly action: "scheduled" | "parked" | "enqueued" | "verifyNotSent";
  readonly source: OutcomeSource;
  readonly messageId: string;
  readonly assignmentId?: string;
  readonly assignmentRequestId?: string;
  readonly reason?: string;
  readonly attempt: number;
  readonly delayMs?: number;
  readonly count?: number;
  /** An enqueue of a catalog page: access packages listed without a GUID id, so not expanded. */
  readonly skipped?: number;
  /** Who asked, for an action an HTTP request with an Entra token caused (the batch route's enqueue, a webhook's verify). */
  readonly caller?: EventCaller;
}

/**
 * A heal sweep, as it happens: `started` once per timer run (the slot's first pages enqueued),
 * then one `page` per listed page of requests. A run's totals are the sum of its pages' events,
 * which share `sweepId` (see docs/healing.md for the query).
 */
export type HealSweepEvent =
  | {
      readonly phase: "started";
      readonly sweepId: string;
      /** The scheduled occurrence the run belongs to, ISO 8601 UTC. */
      readonly slot: string;
      /** Where the slot came from: the host's scheduleStatus.next, or the invocation time. */
      readonly slotSource: "scheduleStatus" | "invocationTime";
      readonly isPastDue: boolean;
      /** Messages sent: one first page per state, one expand per HEAL_ACCESS_PACKAGE_IDS entry. */
      readonly enqueued: number;
      readonly accessPackages: number;
    }
  | {
      readonly phase: "page";
      readonly sweepId: string;
      readonly state: string;
      readonly page: number;
      /** Requests this page listed with a usable id. */
      readonly found: number;
      /** reprocessRequest messages sent for requests inside their 14-day window. */
      readonly enqueued: number;
      readonly skippedPastWindow: number;
      /** Items Graph listed without a GUID id. */
      readonly skippedInvalidId: number;
      /** True on the state's last page: the run is over for this state. */
      readonly lastPage: boolean;
      /**
       * True when the page was listed after the sweep's reprocessNotBefore: earlier pages'
       * reprocesses may have moved requests out of the list before this page was read, so some
       * may have been missed (rerun `heal`, or the next day's sweep finds them).
       */
      readonly lateList: boolean;
    };

/** How a verification ended: one event per verified item (docs/queue.md#verification). */
export type VerificationOutcome =
  /** Graph reports the item delivered. */
  | "delivered"
  /** It ended not delivered (deliveryFailed, partiallyDelivered, or another final state): parked. */
  | "stillFailing"
  /** Still on its way when the bound ran out (REPROCESS_VERIFY_MAX_MS): parked. */
  | "gaveUp";

export interface VerificationEvent {
  readonly outcome: VerificationOutcome;
  readonly target: VerifyTarget;
  readonly assignmentId?: string;
  readonly assignmentRequestId?: string;
  /** Graph's state at the last read. */
  readonly state: string;
  /** Reads of the state made (the first included); transient retries of one read not counted. */
  readonly attempts: number;
  /** From Graph's 202 for the reprocess to this read; undefined when the message did not say when that was. */
  readonly elapsedMs?: number;
  /** Where the reprocess came from. */
  readonly source: OutcomeSource;
  readonly cloud: NationalCloudName;
  readonly requestId?: string;
  readonly graphRequestId?: string;
  readonly clientRequestId?: string;
}

/**
 * The only way the app reports what happened. Implementations must never receive tokens,
 * secrets or request bodies: events carry ids and outcomes only.
 */
export interface Telemetry {
  trackOutcome(event: OutcomeEvent): void;
  trackGraphCall(record: GraphCallRecord): void;
  trackQueueAction(event: QueueActionEvent): void;
  trackHealSweep(event: HealSweepEvent): void;
  trackVerification(event: VerificationEvent): void;
}

export const noTelemetry: Telemetry = {
  trackOutcome: () => undefined,
  trackGraphCall: () => undefined,
  trackQueueAction: () => undefined,
  trackHealSweep: () => undefined,
  trackVerification: () => undefined,
};

/** The ids an outcome event carries, present only where the outcome has them. */
export function outcomeEventIds(outcome: ReprocessOutcome | RequestReprocessOutcome): Pick<OutcomeEvent, "assignmentId" | "assignmentRequestId" | "graphRequestId" | "clientRequestId"> {
  if (outcome.kind === "invalidId") {
    return {};
  }
  const { requestId, clientRequestId } = outcome.graph;
  const subject = "assignmentRequestId" in outcome ? { assignmentRequestId: outcome.assignmentRequestId } : { assignmentId: outcome.assignmentId };
  return requestId === undefined ? { ...subject, clientRequestId } : { ...subject, graphRequestId: requestId, clientRequestId };
}
