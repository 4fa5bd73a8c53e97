import type { Message } from "rhea";
import { asRecord, isSection, messageIdText, readDate } from "./rheaValues";

const DATA_SECTION = 0x75;
const SEQUENCE_SECTION = 0x76;
export const SCHEDULED_ENQUEUE_TIME = "x-opt-scheduled-enqueue-time";

/**
 * A message body as the sender put it on the wire. @azure/service-bus sends objects and strings as
 * one data section of UTF-8 JSON, Buffers as raw data, and `bodyType: "value"` as an amqp-value.
 * `json` is undefined when the data is not JSON.
 */
export type PeerMessageBody =
  | { kind: "data"; raw: Buffer; json: unknown }
  | { kind: "value"; value: unknown }
  | { kind: "sequence"; value: unknown[] }
  | { kind: "none" };

/**
 * What the broker holds for one message. Sequence numbers are numbers, not the SDK's Long: a test
 * peer never gets near 2^53. `deliveryCount` counts deliveries to receivers, as Service Bus and the
 * Functions host report it (the JS SDK shows one less: it passes on the AMQP header, which counts
 * earlier deliveries only).
 */
export interface PeerMessage {
  messageId: string | undefined;
  body: PeerMessageBody;
  contentType: string | undefined;
  applicationProperties: Record<string, unknown>;
  scheduledEnqueueTimeUtc?: Date;
  /** For a scheduled message, its scheduled time: that is when Service Bus enqueues it. */
  enqueuedTimeUtc: Date;
  sequenceNumber: number;
  deliveryCount: number;
  state: "active" | "scheduled" | "locked" | "deferred";
}

/** The parts of a received AMQP message the broker reads. */
export interface IncomingMessage {
  amqp: Message;
  messageId: string | undefined;
  body: PeerMessageBody;
  contentType: string | undefined;
  applicationProperties: Record<string, unknown>;
  scheduledEnqueueTimeUtc: Date | undefined;
}

export function readIncomingMessage(amqp: Message): IncomingMessage {
  const annotations = asRecord(amqp.message_annotations);
  const contentType: unknown = amqp.content_type;
  return {
    amqp,
    messageId: messageIdText(amqp.message_id),
    body: readBody(amqp.body),
    contentType: typeof contentType === "string" ? contentType : undefined,
    applicationProperties: { ...asRecord(amqp.application_properties) },
    scheduledEnqueueTimeUtc: readDate(annotations, SCHEDULED_ENQUEUE_TIME),
  };
}

function readBody(body: unknown): PeerMessageBody {
  if (body === undefined) return { kind: "none" };
  if (!isSection(body)) return { kind: "value", value: body };
  if (body.typecode === SEQUENCE_SECTION) {
    const lists = body.multiple === true && Array.isArray(body.content) ? (body.content as unknown[]) : [body.content];
    return { kind: "sequence", value: lists.flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : [list])) };
  }
  if (body.typecode === DATA_SECTION) {
    const raw = Buffer.concat(dataParts(body.content, body.multiple === true));
    return { kind: "data", raw, json: parseJson(raw) };
  }
  return { kind: "value", value: body.content };
}

function dataParts(content: unknown, multiple: boolean): Buffer[] {
  const parts: unknown[] = multiple && Array.isArray(content) ? (content as unknown[]) : [content];
  return parts.filter((part): part is Buffer => Buffer.isBuffer(part));
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
