/** Reprocess one assignment. */
export interface ReprocessMessage {
  readonly type: "reprocess";
  /** Validated by the core, which parks a non-GUID as `invalidId`. */
  readonly assignmentId: string;
  /** false when the producer already knows the assignment is delivered (an expanded page). */
  readonly checkState?: boolean;
}

/** Reprocess every delivered assignment matching a filter, one Graph page per message. */
export interface ExpandMessage {
  readonly type: "expand";
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
  /** Graph's `@odata.nextLink` of the page to list; absent for the first page. */
  readonly nextLink?: string;
}

/** The JSON body of a message on the reprocess queue. */
export type QueueMessageBody = ReprocessMessage | ExpandMessage;

/** Larger bodies are parked unread: no valid message comes near it. */
export const maxQueueMessageBodyBytes = 64 * 1024;
