/** Reprocess one assignment. */
export interface ReprocessMessage {
  readonly type: "reprocess";
  /** Validated by the core, which parks a non-GUID as `invalidId`. */
  readonly assignmentId: string;
  /** false when the producer already knows the assignment is delivered (an expanded page). */
  readonly checkState?: boolean;
}

/** Reprocess one assignment request (a failed or partial delivery). */
export interface ReprocessRequestMessage {
  readonly type: "reprocessRequest";
  /** Validated by the core, which parks a non-GUID as `invalidId`. */
  readonly assignmentRequestId: string;
}

/**
 * Reprocess every delivered assignment matching a filter, one Graph page per message; or, with
 * `catalogId`, list one page of the catalog's access packages and send one filter expand per
 * package. A catalog expand carries no assignment filter.
 */
export interface ExpandMessage {
  readonly type: "expand";
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
  readonly catalogId?: string;
  /** Graph's `@odata.nextLink` of the page to list; absent for the first page. */
  readonly nextLink?: string;
}

/** The request states a heal sweep lists: the two Graph's request reprocess accepts. */
export const healStates = ["deliveryFailed", "partiallyDelivered"] as const;

export type HealState = (typeof healStates)[number];

/** One page of a heal sweep: requests in `state` created on or after `createdOnOrAfter`. */
export interface HealPageMessage {
  readonly type: "healPage";
  readonly state: HealState;
  /** ISO 8601 UTC, written by the sweep: the list's createdDateTime bound. */
  readonly createdOnOrAfter: string;
  /**
   * ISO 8601 UTC, the same on every page of a sweep: no reprocess of the sweep is enqueued before
   * it, so the whole list is read before the first request changes state (docs/healing.md).
   */
  readonly reprocessNotBefore: string;
  readonly nextLink?: string;
}

/** What a verify message reads: an assignment, or an assignment request. */
export const verifyTargets = ["assignment", "assignmentRequest"] as const;

export type VerifyTarget = (typeof verifyTargets)[number];

/**
 * Read the state of an item Graph accepted a reprocess for, and settle on what it says: delivered
 * (done), still on its way (check again later), or not delivered (park). It never reprocesses.
 */
export interface VerifyMessage {
  readonly type: "verify";
  readonly target: VerifyTarget;
  /** Validated by the core, which parks a non-GUID as `invalidId`. */
  readonly id: string;
}

/** The JSON body of a message on the reprocess queue. */
export type QueueMessageBody = ReprocessMessage | ReprocessRequestMessage | ExpandMessage | HealPageMessage | VerifyMessage;

export type QueueMessageType = QueueMessageBody["type"];

export const queueMessageTypes: readonly QueueMessageType[] = ["reprocess", "reprocessRequest", "expand", "healPage", "verify"];

/** Larger bodies are parked unread: no valid message comes near it. */
export const maxQueueMessageBodyBytes = 64 * 1024;
