import { parseAssignmentId } from "../shared/guid";
import type { ReprocessOutcome, ReprocessOutcomeKind } from "../core/reprocessOutcome";
import type { ReprocessEntry } from "./reprocessEntries";

/** The core's outcomes, plus what only a batch run can come to. */
export type ReprocessItemOutcome = ReprocessOutcomeKind | "cancelled" | "wouldReprocess";

/** One row of the result table, one object of the JSON output. */
export interface ReprocessItemResult {
  /** The assignment id in canonical form, or the input as written when it is not a GUID. */
  readonly id: string;
  readonly outcome: ReprocessItemOutcome;
  readonly detail: string;
  /** Reprocess attempts made by the pool (inline retries inside one attempt not counted). */
  readonly attempts: number;
  readonly source: string;
  readonly state?: string;
  readonly retryAfterMs?: number;
  /** Graph's request-id and our client-request-id of the last call: what Microsoft support asks for. */
  readonly graphRequestId?: string;
  readonly clientRequestId?: string;
}

export function itemResultFromOutcome(entry: ReprocessEntry, outcome: ReprocessOutcome, attempts: number): ReprocessItemResult {
  if (outcome.kind === "invalidId") {
    // Refused before any call: nothing was attempted.
    return { id: entry.value, outcome: outcome.kind, detail: outcome.reason, attempts: 0, source: entry.source };
  }
  const base = { id: outcome.assignmentId, outcome: outcome.kind };
  const tail = { attempts, source: entry.source, ...graphIds(outcome) };
  switch (outcome.kind) {
    case "accepted":
      return { ...base, detail: "reprocess accepted", ...tail };
    case "notDelivered":
      return { ...base, detail: outcome.message, ...tail, state: outcome.state };
    case "throttled":
    case "unavailable":
      return {
        ...base,
        detail: `${outcome.message} Gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}; run it again later.`,
        ...tail,
        ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
      };
    case "notFound":
    case "forbidden":
    case "failed":
      return { ...base, detail: outcome.message, ...tail };
  }
}

/** Interrupted (Ctrl+C) before it settled; its last transient answer, if any, says how far it got. */
export function cancelledItemResult(entry: ReprocessEntry, attempts: number, last: ReprocessOutcome | undefined): ReprocessItemResult {
  const parsed = parseAssignmentId(entry.value);
  return {
    id: parsed.ok ? parsed.id : entry.value,
    outcome: "cancelled",
    detail: last === undefined ? "interrupted before it finished" : `interrupted while waiting to retry (last answer: ${last.kind})`,
    attempts,
    source: entry.source,
    ...(last === undefined || last.kind === "invalidId" ? {} : graphIds(last)),
  };
}

function graphIds(outcome: Exclude<ReprocessOutcome, { kind: "invalidId" }>): Pick<ReprocessItemResult, "graphRequestId" | "clientRequestId"> {
  const { requestId, clientRequestId } = outcome.graph;
  return requestId === undefined ? { clientRequestId } : { graphRequestId: requestId, clientRequestId };
}
