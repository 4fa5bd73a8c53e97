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
} as const;

export interface QueueMessageProperties {
  readonly attempt: number;
  readonly requestId: string;
  readonly page: number;
  readonly fromExpand: boolean;
  readonly fromHeal: boolean;
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
  };
}
