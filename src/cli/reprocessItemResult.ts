import { parseGuid } from "../shared/guid";
import type { ReprocessOutcome, ReprocessOutcomeKind } from "../core/reprocessOutcome";
import type { RequestReprocessOutcome, RequestReprocessOutcomeKind } from "../core/requestReprocessOutcome";
import { formatTextTable } from "./commandOutput";
import type { ReprocessEntry } from "./reprocessEntries";
import type { WaitResult } from "./waitForDelivery";

/** What one id came to, from either core operation: an assignment's reprocess or an assignment request's. */
export type AnyReprocessOutcome = ReprocessOutcome | RequestReprocessOutcome;

/** The core's outcomes, plus what only a batch run can come to. */
export type ReprocessItemOutcome = ReprocessOutcomeKind | RequestReprocessOutcomeKind | "cancelled" | "wouldReprocess";

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
  /** An assignment request's completion time, when Graph refused it as past its window or in the wrong state. */
  readonly completedDateTime?: string;
  readonly retryAfterMs?: number;
  /** Graph's request-id and our client-request-id of the last call: what Microsoft support asks for. */
  readonly graphRequestId?: string;
  readonly clientRequestId?: string;
  /** With --wait, for an accepted item: how waiting for its delivery ended. */
  readonly delivery?: WaitResult["end"];
  /** With --wait: Graph's state at the last read. */
  readonly finalState?: string;
  /** With --wait: reads of the state made. */
  readonly reads?: number;
}

/** An accepted item's result with how waiting for its delivery ended. */
export function withDelivery(result: ReprocessItemResult, waited: WaitResult | undefined): ReprocessItemResult {
  if (waited === undefined) return result;
  return { ...result, delivery: waited.end, reads: waited.reads, ...(waited.state === undefined ? {} : { finalState: waited.state }) };
}

type CalledOutcome = Exclude<AnyReprocessOutcome, { kind: "invalidId" }>;

function subjectId(outcome: CalledOutcome): string {
  return "assignmentId" in outcome ? outcome.assignmentId : outcome.assignmentRequestId;
}

/** Worth trying again later without anyone changing anything: the paced pool retries these. */
export function isTransientItemOutcome(outcome: AnyReprocessOutcome): outcome is Extract<AnyReprocessOutcome, { kind: "throttled" | "unavailable" }> {
  return outcome.kind === "throttled" || outcome.kind === "unavailable";
}

export function itemResultFromOutcome(entry: ReprocessEntry, outcome: AnyReprocessOutcome, attempts: number): ReprocessItemResult {
  if (outcome.kind === "invalidId") {
    // Refused before any call: nothing was attempted.
    return { id: entry.value, outcome: outcome.kind, detail: outcome.reason, attempts: 0, source: entry.source };
  }
  const base = { id: subjectId(outcome), outcome: outcome.kind };
  const tail = { attempts, source: entry.source, ...graphIds(outcome) };
  switch (outcome.kind) {
    case "accepted":
      return { ...base, detail: "reprocess accepted", ...tail };
    case "notDelivered":
      return { ...base, detail: outcome.message, ...tail, state: outcome.state };
    case "notReprocessable":
      return { ...base, detail: outcome.message, ...tail, state: outcome.state, ...(outcome.completedDateTime === undefined ? {} : { completedDateTime: outcome.completedDateTime }) };
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
export function cancelledItemResult(entry: ReprocessEntry, attempts: number, last: AnyReprocessOutcome | undefined): ReprocessItemResult {
  const parsed = parseGuid(entry.value, "id");
  return {
    id: parsed.ok ? parsed.id : entry.value,
    outcome: "cancelled",
    detail: last === undefined ? "interrupted before it finished" : `interrupted while waiting to retry (last answer: ${last.kind})`,
    attempts,
    source: entry.source,
    ...(last === undefined || last.kind === "invalidId" ? {} : graphIds(last)),
  };
}

function graphIds(outcome: CalledOutcome): Pick<ReprocessItemResult, "graphRequestId" | "clientRequestId"> {
  const { requestId, clientRequestId } = outcome.graph;
  return requestId === undefined ? { clientRequestId } : { graphRequestId: requestId, clientRequestId };
}

/** A plain-text table, one row per item; `idHeading` names what the ids are (`ASSIGNMENT ID`). */
export function formatResultTable(results: readonly ReprocessItemResult[], idHeading = "ASSIGNMENT ID", waited = false): string {
  if (waited) {
    const rows = results.map((result) => [result.id, result.outcome, result.delivery ?? "-", result.finalState ?? "-", String(result.attempts), result.graphRequestId ?? "-", result.detail]);
    return formatTextTable([idHeading, "OUTCOME", "DELIVERY", "FINAL STATE", "ATTEMPTS", "GRAPH REQUEST-ID", "DETAIL"], rows);
  }
  const rows = results.map((result) => [result.id, result.outcome, String(result.attempts), result.graphRequestId ?? "-", result.detail]);
  return formatTextTable([idHeading, "OUTCOME", "ATTEMPTS", "GRAPH REQUEST-ID", "DETAIL"], rows);
}

// Good news first, then what needs the operator, then what only needs time.
const outcomeOrder: readonly ReprocessItemOutcome[] = [
  "accepted",
  "wouldReprocess",
  "invalidId",
  "notFound",
  "notDelivered",
  "notReprocessable",
  "forbidden",
  "failed",
  "throttled",
  "unavailable",
  "cancelled",
];

export function countOutcomes(results: readonly ReprocessItemResult[]): ReadonlyMap<ReprocessItemOutcome, number> {
  const counts = new Map<ReprocessItemOutcome, number>();
  for (const outcome of outcomeOrder) {
    const count = results.filter((result) => result.outcome === outcome).length;
    if (count > 0) counts.set(outcome, count);
  }
  return counts;
}

const deliveryOrder: readonly WaitResult["end"][] = ["delivered", "notDelivered", "timedOut", "readFailed", "cancelled"];

/** e.g. `6 items: 2 accepted, 1 notDelivered, 1 notFound, 1 invalidId, 1 throttled`; after --wait also `; delivery: 1 delivered, 1 timedOut`. */
export function formatSummary(results: readonly ReprocessItemResult[]): string {
  const parts = [...countOutcomes(results)].map(([outcome, count]) => `${count} ${outcome}`);
  const waited = deliveryOrder.map((end) => [end, results.filter((result) => result.delivery === end).length] as const).filter(([, count]) => count > 0);
  const delivery = waited.length === 0 ? "" : `; delivery: ${waited.map(([end, count]) => `${count} ${end}`).join(", ")}`;
  return `${results.length} item${results.length === 1 ? "" : "s"}${parts.length === 0 ? "" : `: ${parts.join(", ")}`}${delivery}\n`;
}
