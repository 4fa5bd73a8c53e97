import { message as amqpMessage, types } from "rhea";
import type { Message, Typed } from "rhea";
import type { PeerMessage } from "./peerMessage";
import type { Delivered } from "./peerQueue";
import { asRecord, isSection, readArray, uuidBytes, uuidText } from "./rheaValues";

// How Service Bus lays its concepts onto AMQP 1.0, as @azure/service-bus 7.9.5 expects them.

/** A batch is one transfer of this message format whose data sections are each an encoded message. */
export const BATCH_FORMAT = 0x80013700;

export const ACCEPTED: Typed = types.wrap_described([], 0x24);
export const RELEASED: Typed = types.wrap_described([], 0x26);
/**
 * How a dead-lettering is settled. It must carry no error: the SDK reads any error in the settled
 * state as a failed settlement.
 */
export const REJECTED_WITHOUT_ERROR: Typed = types.wrap_described([], 0x25);

export const LOCK_LOST = {
  condition: "com.microsoft:message-lock-lost",
  description: "The lock supplied is invalid: it expired, or the message was already settled.",
};

export function modified(deliveryFailed: boolean, undeliverableHere: boolean): Typed {
  return types.wrap_described([types.wrap_boolean(deliveryFailed), types.wrap_boolean(undeliverableHere)], 0x27);
}

export function rejected(error: { condition: string; description: string }): Typed {
  const described = types.wrap_described([types.wrap_symbol(error.condition), types.wrap_string(error.description)], 0x1d);
  return types.wrap_described([described], 0x25);
}

/** An AMQP long array, the type Service Bus uses for sequence numbers. */
export function longArray(values: number[]): Typed {
  return types.wrap_array(values, 0x81, undefined);
}

/** An AMQP timestamp array, the type Service Bus uses for lock expirations. */
export function timestampArray(values: Date[]): Typed {
  return types.wrap_array(values, 0x83, undefined);
}

// rhea types decoded messages loosely, and hands over raw bytes when the format is not 0.
export function asMessage(payload: unknown): Message {
  if (Buffer.isBuffer(payload) || typeof payload !== "object" || payload === null) {
    throw new Error("expected a decoded AMQP message");
  }
  return payload as Message;
}

export function decodeMessage(encoded: Buffer): Message {
  return asMessage(amqpMessage.decode(encoded));
}

/** The messages one transfer carries: itself, or each message of a batch. */
export function unpackTransfer(payload: unknown, format: number): Message[] {
  if (!Buffer.isBuffer(payload)) return [asMessage(payload)];
  if (format !== BATCH_FORMAT) throw new Error(`unsupported message format 0x${format.toString(16)}`);
  const body: unknown = amqpMessage.decode(payload).body;
  if (!isSection(body)) return [];
  const parts = body.multiple === true && Array.isArray(body.content) ? (body.content as unknown[]) : [body.content];
  return parts.filter((part): part is Buffer => Buffer.isBuffer(part)).map((part) => decodeMessage(part));
}

const MESSAGE_STATES: Partial<Record<PeerMessage["state"], number>> = { deferred: 1, scheduled: 2 };

/** The message as a receiver or peek gets it: the broker's annotations added to what was sent. */
export function encodeDelivered(delivered: Delivered): Buffer {
  const annotations: Record<string, unknown> = {
    ...asRecord(delivered.amqp.message_annotations),
    "x-opt-sequence-number": types.wrap_long(delivered.sequenceNumber),
    "x-opt-enqueued-time": delivered.enqueuedTimeUtc,
  };
  if (delivered.lock !== undefined) annotations["x-opt-locked-until"] = delivered.lock.lockedUntilUtc;
  const state = MESSAGE_STATES[delivered.state];
  if (state !== undefined) annotations["x-opt-message-state"] = types.wrap_int(state);
  return amqpMessage.encode({
    ...delivered.amqp,
    message_annotations: annotations,
    delivery_count: delivered.priorDeliveries,
  });
}

// The SDK reads a delivery tag as a .NET GUID (first three groups little-endian) to get the lock
// token. The byte swap is its own inverse, so applying it to our token gives the tag.
const DOTNET_GUID_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export function lockTokenTag(token: string): Buffer {
  const bytes = uuidBytes(token);
  return Buffer.from(DOTNET_GUID_ORDER.map((index) => bytes[index] ?? 0));
}

/** $management requests name locks by uuid in the SDK's own (string) byte order. */
export function lockTokensOf(body: Record<string, unknown>): string[] {
  return readArray(body, "lock-tokens")
    .filter((token): token is Buffer => Buffer.isBuffer(token))
    .map((token) => uuidText(token));
}
