/**
 * Application properties the app adds when it parks a message (see queueMessageProcessor): they
 * describe the parking, so a replayed copy must not carry them.
 */
export const parkedPropertyNames = [
  "reason",
  "description",
  "attempts",
  "lastStatus",
  "graphRequestId",
  "clientRequestId",
  "originalMessageId",
  "deliveryCount",
  "truncatedFromBytes",
] as const;

/** What a receiver gives back for a parked message, whichever client read it. */
export interface ParkedMessageSource {
  readonly messageId: string | undefined;
  readonly sequenceNumber: number;
  readonly enqueuedTimeUtc: Date | undefined;
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
}

/** A parked message read into what an operator looks at and what replay needs. */
export interface ParkedMessage {
  readonly sequenceNumber: number;
  readonly messageId: string;
  readonly enqueuedTimeUtc: string | undefined;
  readonly reason: string | undefined;
  readonly description: string | undefined;
  readonly attempts: number | undefined;
  readonly lastStatus: number | undefined;
  readonly graphRequestId: string | undefined;
  readonly clientRequestId: string | undefined;
  /** The id of the message that was parked; replay ids derive from it. */
  readonly originalMessageId: string;
  readonly requestId: string | undefined;
  /** From a reprocess body; undefined for an expand or a malformed body. */
  readonly assignmentId: string | undefined;
  /** From a reprocessRequest body; undefined otherwise. */
  readonly assignmentRequestId: string | undefined;
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
}

const parkedSuffix = /:parked$/;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function whole(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) ? number : undefined;
}

/** The id a parked reprocess, reprocessRequest or verify body names; undefined for any other body. */
function idOf(body: unknown, type: "reprocess" | "reprocessRequest"): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body) || body instanceof Uint8Array) return undefined;
  const record = body as Readonly<Record<string, unknown>>;
  if (record.type === "verify") return record.target === (type === "reprocess" ? "assignment" : "assignmentRequest") ? text(record.id) : undefined;
  if (record.type !== type) return undefined;
  return text(type === "reprocess" ? record.assignmentId : record.assignmentRequestId);
}

/**
 * Reads the properties the app set when parking. Any may be missing (a message put there by hand):
 * the original id then falls back to the parked id without its `:parked` suffix, and to the
 * sequence number when there is no id at all, so a replay id is always deterministic.
 */
export function readParkedMessage(source: ParkedMessageSource): ParkedMessage {
  const properties = source.applicationProperties;
  const messageId = source.messageId ?? `sequence-${source.sequenceNumber}`;
  return {
    sequenceNumber: source.sequenceNumber,
    messageId,
    enqueuedTimeUtc: source.enqueuedTimeUtc?.toISOString(),
    reason: text(properties.reason),
    description: text(properties.description),
    attempts: whole(properties.attempts),
    lastStatus: whole(properties.lastStatus),
    graphRequestId: text(properties.graphRequestId),
    clientRequestId: text(properties.clientRequestId),
    originalMessageId: text(properties.originalMessageId) ?? messageId.replace(parkedSuffix, ""),
    requestId: text(properties.requestId),
    assignmentId: idOf(source.body, "reprocess"),
    assignmentRequestId: idOf(source.body, "reprocessRequest"),
    body: source.body,
    contentType: source.contentType,
    applicationProperties: properties,
  };
}
