import { randomUUID } from "node:crypto";
import { readMessageProperties, type QueueMessageProperties } from "./messageProperties";

/** A message as the trigger delivers it, with its metadata read into known types. */
export interface ReceivedQueueMessage {
  readonly body: unknown;
  readonly messageId: string;
  /** 1 on first delivery; the broker adds one each time an invocation throws. */
  readonly deliveryCount: number;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
  readonly properties: QueueMessageProperties;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads what the Service Bus trigger puts in `triggerMetadata` (`messageId`, `deliveryCount`,
 * `applicationProperties`, `sequenceNumber`). A message without an id, which only a hand-made
 * send produces, is named after its sequence number so its retries still get stable ids.
 */
export function receivedQueueMessage(body: unknown, triggerMetadata: Readonly<Record<string, unknown>> | undefined): ReceivedQueueMessage {
  const metadata = triggerMetadata ?? {};
  const { messageId, deliveryCount, sequenceNumber } = metadata;
  const id =
    typeof messageId === "string" && messageId !== ""
      ? messageId
      : typeof sequenceNumber === "number" || typeof sequenceNumber === "string"
        ? `sequence-${String(sequenceNumber)}`
        : `unidentified-${randomUUID()}`;
  const applicationProperties = isRecord(metadata.applicationProperties) ? metadata.applicationProperties : {};
  return {
    body,
    messageId: id,
    deliveryCount: typeof deliveryCount === "number" && Number.isSafeInteger(deliveryCount) && deliveryCount >= 1 ? deliveryCount : 1,
    applicationProperties,
    properties: readMessageProperties(applicationProperties, id),
  };
}
