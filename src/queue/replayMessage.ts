import { carriedProperties } from "./carriedProperties";
import { replayMessageId } from "./messageIds";
import { messagePropertyNames } from "./messageProperties";
import { parkedPropertyNames, type ParkedMessage } from "./parkedMessage";
import type { OutgoingQueueMessage } from "./queueSender";

// A replayed verify starts a fresh verification (read 1, the whole bound again); it keeps
// reprocessedAt, so the time to delivery still counts from the reprocess it follows.
const dropped: ReadonlySet<string> = new Set<string>([...parkedPropertyNames, messagePropertyNames.verifyCheck]);

/** Names the parked message a replayed copy came from, for whoever reads it next. */
export const replayedFromPropertyName = "replayedFrom";

/**
 * The copy of a parked message that goes back to the work queue: the same body and content type,
 * the original properties (`requestId`, `page`, `origin`) without the parking ones, and attempt 1,
 * so it gets the full REPROCESS_MAX_ATTEMPTS again. A parked verify goes back as a verify: it reads
 * the state again and never reprocesses (docs/queue.md#verification says why).
 */
export function replayMessage(parked: ParkedMessage): OutgoingQueueMessage {
  return {
    messageId: replayMessageId(parked.originalMessageId, parked.sequenceNumber),
    body: parked.body,
    ...(parked.contentType === undefined ? {} : { contentType: parked.contentType }),
    applicationProperties: {
      ...carriedProperties(parked.applicationProperties, dropped),
      [messagePropertyNames.attempt]: 1,
      [replayedFromPropertyName]: parked.messageId,
    },
  };
}
