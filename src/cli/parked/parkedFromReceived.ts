import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import { readParkedMessage, type ParkedMessage } from "../../queue/parkedMessage";

/** The SDK's view of a peeked or received message, read as a parked one. */
export function parkedFromReceived(message: ServiceBusReceivedMessage): ParkedMessage {
  const { messageId } = message;
  return readParkedMessage({
    messageId: messageId === undefined ? undefined : Buffer.isBuffer(messageId) ? messageId.toString("utf8") : String(messageId),
    sequenceNumber: message.sequenceNumber?.toNumber() ?? 0,
    enqueuedTimeUtc: message.enqueuedTimeUtc,
    body: message.body,
    contentType: message.contentType,
    applicationProperties: message.applicationProperties ?? {},
  });
}
