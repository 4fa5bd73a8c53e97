import { createHash, randomUUID } from "node:crypto";

/** What an Idempotency-Key may look like to become a request id (and so part of message ids). */
export const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export type IdempotencyKeyResult = { readonly ok: true; readonly requestId: string } | { readonly ok: false; readonly message: string };

/** The batch caller's Idempotency-Key, or a fresh id when there is none. */
export function requestIdFromIdempotencyKey(header: string | null, generate: () => string = randomUUID): IdempotencyKeyResult {
  if (header === null) {
    return { ok: true, requestId: generate() };
  }
  if (!requestIdPattern.test(header)) {
    return { ok: false, message: "The Idempotency-Key header must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'." };
  }
  return { ok: true, requestId: header };
}

/**
 * The request id a message belongs to: its `requestId` property when usable, otherwise one
 * derived from its message id, so messages it fans out still get deterministic ids.
 */
export function requestIdOfMessage(property: unknown, messageId: string): string {
  if (typeof property === "string" && requestIdPattern.test(property)) {
    return property;
  }
  return `m-${createHash("sha256").update(messageId).digest("hex").slice(0, 32)}`;
}

/**
 * The request id of work one request fans out per item (an expand per access package of a catalog
 * or of a heal sweep): each needs its own, or the page ids of two packages' expands would collide
 * and duplicate detection would drop the second. Derived, so a redelivered page derives the same;
 * hashed when the parent and item together would not fit a request id.
 */
export function childRequestId(parentRequestId: string, item: string): string {
  const joined = `${parentRequestId}.${item}`;
  return requestIdPattern.test(joined) ? joined : `c-${createHash("sha256").update(joined).digest("hex").slice(0, 48)}`;
}
