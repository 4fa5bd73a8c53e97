import { isCanonicalGuid } from "../shared/guid";
import {
  healStates,
  maxQueueMessageBodyBytes,
  queueMessageTypes,
  verifyTargets,
  type ExpandMessage,
  type HealPageMessage,
  type HealState,
  type QueueMessageBody,
  type QueueMessageType,
  type ReprocessMessage,
  type VerifyTarget,
} from "./queueMessage";

/** Why a body is not a message; every one of them parks the message as `malformed`. */
export type MalformedProblem = "tooLarge" | "notJson" | "forbiddenKey" | "wrongShape" | "unknownType" | "invalidNextLink";

export interface MalformedMessage {
  readonly ok: false;
  readonly problem: MalformedProblem;
  readonly description: string;
}

export type QueueMessageParseResult = { readonly ok: true; readonly message: QueueMessageBody } | MalformedMessage;

type JsonRecord = Readonly<Record<string, unknown>>;

const reprocessKeys: ReadonlySet<string> = new Set(["type", "assignmentId", "checkState"]);
const allowedKeys: Readonly<Record<QueueMessageType, ReadonlySet<string>>> = {
  reprocess: reprocessKeys,
  reprocessRequest: new Set(["type", "assignmentRequestId"]),
  expand: new Set(["type", "accessPackageId", "targetObjectId", "catalogId", "nextLink"]),
  healPage: new Set(["type", "state", "createdOnOrAfter", "reprocessNotBefore", "nextLink"]),
  verify: new Set(["type", "target", "id"]),
};
// The ISO form the sweep writes (Date.toISOString): only that reaches a Graph filter.
const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const maxNextLinkLength = 8 * 1024;

function malformed(problem: MalformedProblem, description: string): MalformedMessage {
  return { ok: false, problem, description };
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * `__proto__` as an own key is how JSON smuggles a prototype into code that copies objects. The
 * walk keeps its own stack: JSON nested thousands deep must not overflow the call stack.
 */
function hasProtoKey(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
    } else if (isRecord(next)) {
      if (Object.hasOwn(next, "__proto__")) return true;
      pending.push(...Object.values(next));
    }
  }
  return false;
}

/** UTF-8 size of a decoded value as JSON; undefined when it cannot be serialised (nested too deep). */
function jsonByteLength(value: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(value), "utf8");
  } catch {
    return undefined;
  }
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The host hands over an object when the body was JSON, otherwise a string or a Buffer. */
function decodedValue(body: unknown): { ok: true; value: unknown } | MalformedMessage {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxQueueMessageBodyBytes) {
      return malformed("tooLarge", `The body is ${body.byteLength} bytes; the limit is ${maxQueueMessageBodyBytes}.`);
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      return malformed("notJson", "The body is binary, not UTF-8 JSON.");
    }
    return decodedValue(text);
  }
  if (typeof body === "string") {
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > maxQueueMessageBodyBytes) {
      return malformed("tooLarge", `The body is ${bytes} bytes; the limit is ${maxQueueMessageBodyBytes}.`);
    }
    const parsed = parseJsonText(body);
    return parsed.ok ? parsed : malformed("notJson", "The body is text that is not JSON.");
  }
  if (typeof body === "object" && body !== null) {
    // Already decoded by the host: measure it as it was on the wire.
    const bytes = jsonByteLength(body);
    if (bytes === undefined) {
      return malformed("wrongShape", "The body is nested too deeply to be a message.");
    }
    if (bytes > maxQueueMessageBodyBytes) {
      return malformed("tooLarge", `The body is ${bytes} bytes; the limit is ${maxQueueMessageBodyBytes}.`);
    }
  }
  return { ok: true, value: body };
}

function unknownKeys(record: JsonRecord, allowed: ReadonlySet<string>): string[] {
  return Object.keys(record).filter((key) => !allowed.has(key));
}

function parseReprocess(record: JsonRecord): QueueMessageParseResult {
  const { assignmentId, checkState } = record;
  if (typeof assignmentId !== "string") {
    return malformed("wrongShape", "A reprocess message needs assignmentId, a string GUID.");
  }
  if (checkState !== undefined && typeof checkState !== "boolean") {
    return malformed("wrongShape", "checkState must be true or false when present.");
  }
  const message: ReprocessMessage = checkState === undefined ? { type: "reprocess", assignmentId } : { type: "reprocess", assignmentId, checkState };
  return { ok: true, message };
}

function optionalGuid(record: JsonRecord, key: "accessPackageId" | "targetObjectId" | "catalogId"): { ok: true; value: string | undefined } | { ok: false } {
  const value = record[key];
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value !== "string" || !isCanonicalGuid(value.toLowerCase())) return { ok: false };
  return { ok: true, value: value.toLowerCase() };
}

function parseNextLink(record: JsonRecord): { ok: true; value: string | undefined } | MalformedMessage {
  const { nextLink } = record;
  if (nextLink === undefined) return { ok: true, value: undefined };
  if (typeof nextLink !== "string" || nextLink.length > maxNextLinkLength || !URL.canParse(nextLink) || new URL(nextLink).protocol !== "https:") {
    return malformed("invalidNextLink", "nextLink must be an absolute https URL when present.");
  }
  return { ok: true, value: nextLink };
}

function parseExpand(record: JsonRecord): QueueMessageParseResult {
  const accessPackageId = optionalGuid(record, "accessPackageId");
  const targetObjectId = optionalGuid(record, "targetObjectId");
  const catalogId = optionalGuid(record, "catalogId");
  if (!accessPackageId.ok || !targetObjectId.ok || !catalogId.ok) {
    return malformed("wrongShape", "accessPackageId, targetObjectId and catalogId must be GUIDs when present.");
  }
  // A catalog expand lists packages, a filter expand assignments: one message is one of the two.
  if (catalogId.value !== undefined && (accessPackageId.value !== undefined || targetObjectId.value !== undefined)) {
    return malformed("wrongShape", "An expand message carries either catalogId or a filter (accessPackageId, targetObjectId), not both.");
  }
  // Without a filter an expand would reprocess every delivered assignment in the tenant.
  if (accessPackageId.value === undefined && targetObjectId.value === undefined && catalogId.value === undefined) {
    return malformed("wrongShape", "An expand message needs accessPackageId, targetObjectId or both, or catalogId.");
  }
  const nextLink = parseNextLink(record);
  if (!nextLink.ok) return nextLink;
  const message: ExpandMessage = {
    type: "expand",
    ...(accessPackageId.value === undefined ? {} : { accessPackageId: accessPackageId.value }),
    ...(targetObjectId.value === undefined ? {} : { targetObjectId: targetObjectId.value }),
    ...(catalogId.value === undefined ? {} : { catalogId: catalogId.value }),
    ...(nextLink.value === undefined ? {} : { nextLink: nextLink.value }),
  };
  return { ok: true, message };
}

function parseReprocessRequest(record: JsonRecord): QueueMessageParseResult {
  const { assignmentRequestId } = record;
  if (typeof assignmentRequestId !== "string") {
    return malformed("wrongShape", "A reprocessRequest message needs assignmentRequestId, a string GUID.");
  }
  return { ok: true, message: { type: "reprocessRequest", assignmentRequestId } };
}

function isHealState(value: unknown): value is HealState {
  return typeof value === "string" && (healStates as readonly string[]).includes(value);
}

function isIsoUtc(value: unknown): value is string {
  return typeof value === "string" && isoUtc.test(value) && !Number.isNaN(Date.parse(value));
}

function parseHealPage(record: JsonRecord): QueueMessageParseResult {
  const { state, createdOnOrAfter, reprocessNotBefore } = record;
  if (!isHealState(state)) {
    return malformed("wrongShape", `A healPage message needs state, one of ${healStates.join(", ")}.`);
  }
  if (!isIsoUtc(createdOnOrAfter)) {
    return malformed("wrongShape", "A healPage message needs createdOnOrAfter, an ISO 8601 UTC time such as 2026-10-01T03:00:00.000Z.");
  }
  if (!isIsoUtc(reprocessNotBefore)) {
    return malformed("wrongShape", "A healPage message needs reprocessNotBefore, an ISO 8601 UTC time such as 2026-12-07T03:30:00.000Z.");
  }
  const nextLink = parseNextLink(record);
  if (!nextLink.ok) return nextLink;
  const fields = { type: "healPage", state, createdOnOrAfter, reprocessNotBefore } as const;
  const message: HealPageMessage = nextLink.value === undefined ? fields : { ...fields, nextLink: nextLink.value };
  return { ok: true, message };
}

function isVerifyTarget(value: unknown): value is VerifyTarget {
  return typeof value === "string" && (verifyTargets as readonly string[]).includes(value);
}

function parseVerify(record: JsonRecord): QueueMessageParseResult {
  const { target, id } = record;
  if (!isVerifyTarget(target)) {
    return malformed("wrongShape", `A verify message needs target, one of ${verifyTargets.join(", ")}.`);
  }
  if (typeof id !== "string") {
    return malformed("wrongShape", "A verify message needs id, a string GUID.");
  }
  return { ok: true, message: { type: "verify", target, id } };
}

function isMessageType(value: unknown): value is QueueMessageType {
  return typeof value === "string" && (queueMessageTypes as readonly string[]).includes(value);
}

/**
 * Turns a received body into a message, or says precisely why it is not one. Unknown keys are
 * refused rather than ignored: a misspelt filter key would otherwise widen an expand.
 */
export function parseQueueMessage(body: unknown): QueueMessageParseResult {
  const decoded = decodedValue(body);
  if (!decoded.ok) return decoded;
  const value = decoded.value;
  if (hasProtoKey(value)) {
    return malformed("forbiddenKey", "The body has a __proto__ key.");
  }
  if (!isRecord(value)) {
    return malformed("wrongShape", "The body must be a JSON object.");
  }
  const type = value.type;
  if (!isMessageType(type)) {
    const shown = typeof type === "string" ? JSON.stringify(type.slice(0, 64)) : "missing";
    return malformed("unknownType", `The message type is ${shown}; expected one of ${queueMessageTypes.map((name) => `"${name}"`).join(", ")}.`);
  }
  const extra = unknownKeys(value, allowedKeys[type]);
  if (extra.length > 0) {
    return malformed("wrongShape", `A ${type} message has no key ${extra.slice(0, 3).map((key) => JSON.stringify(key.slice(0, 64))).join(", ")}.`);
  }
  switch (type) {
    case "reprocess":
      return parseReprocess(value);
    case "reprocessRequest":
      return parseReprocessRequest(value);
    case "expand":
      return parseExpand(value);
    case "healPage":
      return parseHealPage(value);
    case "verify":
      return parseVerify(value);
  }
}
