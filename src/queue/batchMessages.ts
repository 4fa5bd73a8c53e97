import type { BatchRequest } from "./batchRequest";
import { expandPageMessageId, reprocessMessageId } from "./messageIds";
import { messagePropertyNames } from "./messageProperties";
import type { ExpandMessage, ReprocessMessage } from "./queueMessage";
import type { OutgoingQueueMessage } from "./queueSender";

/** The messages a batch request puts on the queue: one per assignment, or one expand for a filter. */
export function batchMessages(requestId: string, request: BatchRequest): OutgoingQueueMessage[] {
  if (request.kind === "filter") {
    const body: ExpandMessage = { type: "expand", ...request.filter };
    return [
      {
        messageId: expandPageMessageId(requestId, 1),
        body,
        applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.page]: 1 },
      },
    ];
  }
  return request.assignmentIds.map((assignmentId) => {
    const body: ReprocessMessage = { type: "reprocess", assignmentId };
    return {
      messageId: reprocessMessageId(requestId, assignmentId),
      body,
      applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId },
    };
  });
}
