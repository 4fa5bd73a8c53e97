import { healStates, type HealState } from "../queue/queueMessage";

/** Graph reprocesses a failed request only within 14 days of its completion. */
export const reprocessWindowMs = 14 * 24 * 60 * 60 * 1000;

/** The request states Graph's reprocess action accepts: the ones a heal sweep lists. */
export const reprocessableRequestStates = healStates;

export type ReprocessableRequestState = HealState;

export function isReprocessableRequestState(state: string): state is ReprocessableRequestState {
  return (reprocessableRequestStates as readonly string[]).includes(state);
}

/**
 * Whether a request that completed at `completedDateTime` can still be reprocessed at `nowMs`.
 * A missing or unreadable completion time is not evidence that the window has closed: the request
 * is then treated as inside it and Graph, which knows, decides (a refusal is named after a state
 * read). A completion time in the future (clock skew) is inside.
 */
export function isInsideReprocessWindow(completedDateTime: string | undefined, nowMs: number): boolean {
  if (completedDateTime === undefined) return true;
  const completedMs = Date.parse(completedDateTime);
  if (Number.isNaN(completedMs)) return true;
  return nowMs - completedMs <= reprocessWindowMs;
}
