import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import type { TriggerMetadata } from "@azure/functions";

export interface MessageTriggerInput {
  readonly body: unknown;
  readonly triggerMetadata: TriggerMetadata;
}

/**
 * What the host hands a Node handler for one message: the body decoded (JSON as a value, text as a
 * string, other bytes as a Buffer) and the trigger metadata under the worker's camel-cased names.
 * The delivery count counts this delivery, as Service Bus and the host do; the SDK reports earlier
 * ones only.
 */
export function messageTriggerInput(message: ServiceBusReceivedMessage): MessageTriggerInput {
  const textual = message.contentType?.toLowerCase().startsWith("text/") === true;
  const body: unknown = Buffer.isBuffer(message.body) && textual ? message.body.toString("utf8") : message.body;
  const applicationProperties = message.applicationProperties ?? {};
  const triggerMetadata: TriggerMetadata = {
    messageId: message.messageId === undefined ? undefined : String(message.messageId),
    deliveryCount: (message.deliveryCount ?? 0) + 1,
    enqueuedTimeUtc: message.enqueuedTimeUtc?.toISOString(),
    expiresAtUtc: message.expiresAtUtc?.toISOString(),
    lockedUntilUtc: message.lockedUntilUtc?.toISOString(),
    sequenceNumber: message.sequenceNumber?.toNumber(),
    lockToken: message.lockToken,
    contentType: message.contentType,
    correlationId: message.correlationId === undefined ? undefined : String(message.correlationId),
    subject: message.subject,
    to: message.to,
    replyTo: message.replyTo,
    applicationProperties,
    userProperties: applicationProperties,
  };
  return { body, triggerMetadata };
}
