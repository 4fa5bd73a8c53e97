import type { BatchRequest } from "./batchRequest";
import { expandPageMessageId, reprocessMessageId } from "./messageIds";
import { messagePropertyNames } from "./messageProperties";
import type { ExpandMessage, ReprocessMessage, ReprocessRequestMessage } from "./queueMessage";
import type { ApplicationPropertyValue, OutgoingQueueMessage } from "./queueSender";

/** The first page of an expand (filter or catalog) of request `requestId`. */
export function firstExpandPage(requestId: string, body: ExpandMessage): OutgoingQueueMessage {
  return {
    messageId: expandPageMessageId(requestId, 1),
    body,
    applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.page]: 1 },
  };
}

/** One first-attempt reprocessRequest message per id, named `{requestId}:{id}`. */
export function reprocessRequestMessages(requestId: string, assignmentRequestIds: readonly string[], extraProperties: Readonly<Record<string, ApplicationPropertyValue>> = {}): OutgoingQueueMessage[] {
  return assignmentRequestIds.map((assignmentRequestId) => ({
    messageId: reprocessMessageId(requestId, assignmentRequestId),
    body: { type: "reprocessRequest", assignmentRequestId } satisfies ReprocessRequestMessage,
    applicationProperties: { ...extraProperties, [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId },
  }));
}

/** The messages a batch request puts on the queue: one per id, or one expand for a filter or a catalog. */
export function batchMessages(requestId: string, request: BatchRequest): OutgoingQueueMessage[] {
  switch (request.kind) {
    case "filter":
      return [firstExpandPage(requestId, { type: "expand", ...request.filter })];
    case "catalog":
      return [firstExpandPage(requestId, { type: "expand", catalogId: request.catalogId })];
    case "requestIds":
      return reprocessRequestMessages(requestId, request.assignmentRequestIds);
    case "ids":
      return request.assignmentIds.map((assignmentId) => ({
        messageId: reprocessMessageId(requestId, assignmentId),
        body: { type: "reprocess", assignmentId } satisfies ReprocessMessage,
        applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId },
      }));
  }
}
