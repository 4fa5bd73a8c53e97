import { requestIdOfMessage } from "./requestId";

/** Application properties the app sets on the messages it sends to the reprocess queue. */
export const messagePropertyNames = {
  /** 1 for the first try; each rescheduled copy adds one. */
  attempt: "attempt",
  requestId: "requestId",
  /** Page number of an expand message, from 1. */
  page: "page",
  /** "expand" on reprocess messages an expand fanned out, "heal" on those a heal sweep page did. */
  origin: "origin",
  /** On a verify: which read of the item's state it is, from 1. A replayed verify starts again at 1. */
  verifyCheck: "verifyCheck",
  /** On a verify: when Graph accepted the reprocess it follows (ISO 8601 UTC), for the time to delivery. */
  reprocessedAt: "reprocessedAt",
} as const;

export interface QueueMessageProperties {
  readonly attempt: number;
  readonly requestId: string;
  readonly page: number;
  readonly fromExpand: boolean;
  readonly fromHeal: boolean;
  /** A verify's read number, from 1. */
  readonly verifyCheck: number;
  /** Epoch ms of the reprocess a verify follows; undefined when missing or unreadable. */
  readonly reprocessedAtMs: number | undefined;
}

function epochMs(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A whole number from 1 up, as a number or in digits (a message sent by hand may use text). */
function positiveWholeNumber(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) && number >= 1 ? number : undefined;
}

/** Missing or unusable properties fall back to a first attempt of a first page: never an error. */
export function readMessageProperties(applicationProperties: Readonly<Record<string, unknown>>, messageId: string): QueueMessageProperties {
  return {
    attempt: positiveWholeNumber(applicationProperties[messagePropertyNames.attempt]) ?? 1,
    requestId: requestIdOfMessage(applicationProperties[messagePropertyNames.requestId], messageId),
    page: positiveWholeNumber(applicationProperties[messagePropertyNames.page]) ?? 1,
    fromExpand: applicationProperties[messagePropertyNames.origin] === "expand",
    fromHeal: applicationProperties[messagePropertyNames.origin] === "heal",
    verifyCheck: positiveWholeNumber(applicationProperties[messagePropertyNames.verifyCheck]) ?? 1,
    reprocessedAtMs: epochMs(applicationProperties[messagePropertyNames.reprocessedAt]),
  };
}
