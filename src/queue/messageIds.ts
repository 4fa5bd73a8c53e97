import { createHash } from "node:crypto";

/** Service Bus refuses longer message ids. */
export const maxMessageIdLength = 128;

const attemptSuffix = /:attempt:\d+$/;

/**
 * Ids are derived, never random, so a producer that runs twice (a redelivered message, a retried
 * HTTP call) sends the same ids and the queue's duplicate detection drops the second copy. An id
 * that would be too long is replaced by a hash of itself: still deterministic, still within 128.
 */
function fitted(id: string, suffix: string): string {
  const room = maxMessageIdLength - suffix.length;
  const head = id.length <= room ? id : `h-${createHash("sha256").update(id).digest("base64url")}`;
  return `${head}${suffix}`;
}

export function reprocessMessageId(requestId: string, assignmentId: string): string {
  return fitted(`${requestId}:${assignmentId}`, "");
}

/** `page` counts from 1, the first page of an expand. */
export function expandPageMessageId(requestId: string, page: number): string {
  return fitted(requestId, `:page:${page}`);
}

/** `page` counts from 1; a heal sweep pages through each state's list separately. */
export function healPageMessageId(requestId: string, state: string, page: number): string {
  return fitted(`${requestId}:${state}`, `:page:${page}`);
}

/** The rescheduled copy that will be attempt `attempt`; earlier attempt suffixes are replaced, not stacked. */
export function retryMessageId(messageId: string, attempt: number): string {
  return fitted(messageId.replace(attemptSuffix, ""), `:attempt:${attempt}`);
}

const checkSuffix = /:check:\d+$/;

/**
 * The first verify after a 202, derived from the message that got it without its retry suffix:
 * a redelivery, or another attempt of the same message that Graph also accepted, derives the same
 * id, and duplicate detection keeps one verify.
 */
export function verifyMessageId(acceptedMessageId: string): string {
  return fitted(acceptedMessageId.replace(attemptSuffix, ""), ":verify");
}

/** Read number `check` (from 2) of a verification: replaces an earlier check suffix, never stacks. */
export function verifyCheckMessageId(verifyId: string, check: number): string {
  return fitted(verifyId.replace(attemptSuffix, "").replace(checkSuffix, ""), `:check:${check}`);
}

export function parkedMessageId(messageId: string): string {
  return fitted(messageId, ":parked");
}

/**
 * The copy `parked replay` sends back to the work queue. Derived from the parked message's sequence
 * number, which Service Bus never reuses in a queue: a replay interrupted between sending the copy
 * and removing the parked message sends the same id next time, and duplicate detection drops it;
 * yet a message parked again later (a new sequence number) can be replayed again.
 */
export function replayMessageId(originalMessageId: string, parkedSequenceNumber: number): string {
  return fitted(originalMessageId, `:replay:${parkedSequenceNumber}`);
}
