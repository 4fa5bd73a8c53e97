import type { ReprocessOutcome } from "./reprocessOutcome";
import type { RequestReprocessOutcome } from "./requestReprocessOutcome";
import type { GraphError, GraphRequestIds } from "../graph/graphError";
import type { ParkReason } from "../queue/parkReason";

/** What handling a message came to, whatever the message was: the settlement policy's input. */
export type ProcessingResult =
  | { readonly kind: "done" }
  /** Waiting may help: Graph throttled or was unavailable. */
  | {
      readonly kind: "transient";
      readonly retryAfterMs: number | undefined;
      readonly lastStatus: number | undefined;
      readonly graph: GraphRequestIds;
      readonly description: string;
    }
  /** Waiting will not help; someone has to look. */
  | {
      readonly kind: "permanent";
      readonly reason: Exclude<ParkReason, "attemptsExhausted">;
      readonly lastStatus: number | undefined;
      readonly graph: GraphRequestIds | undefined;
      readonly description: string;
    };

/** Either operation's outcome; the two share every kind but the one that names the state. */
export function processingResultOfOutcome(outcome: ReprocessOutcome | RequestReprocessOutcome): ProcessingResult {
  switch (outcome.kind) {
    case "accepted":
      return { kind: "done" };
    case "throttled":
      return { kind: "transient", retryAfterMs: outcome.retryAfterMs, lastStatus: 429, graph: outcome.graph, description: outcome.message };
    case "unavailable":
      return { kind: "transient", retryAfterMs: outcome.retryAfterMs, lastStatus: outcome.status, graph: outcome.graph, description: outcome.message };
    case "invalidId":
      return { kind: "permanent", reason: "invalidId", lastStatus: undefined, graph: undefined, description: outcome.reason };
    case "notFound":
      return { kind: "permanent", reason: "notFound", lastStatus: 404, graph: outcome.graph, description: outcome.message };
    case "notDelivered":
    case "notReprocessable":
      // Known from a successful state read, not from an error status.
      return { kind: "permanent", reason: outcome.kind, lastStatus: undefined, graph: outcome.graph, description: outcome.message };
    case "forbidden":
      return { kind: "permanent", reason: "forbidden", lastStatus: outcome.status, graph: outcome.graph, description: outcome.message };
    case "failed":
      return { kind: "permanent", reason: "failed", lastStatus: outcome.status, graph: outcome.graph, description: outcome.message };
  }
}

const unavailableStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** A failed page listing (assignments, access packages, requests), judged as the core judges a failed reprocess. */
export function processingResultOfListError(error: GraphError, listed = "assignments"): ProcessingResult {
  const base = { lastStatus: error.status, graph: error.ids };
  if (error.code === "invalidNextLink") {
    return { ...base, kind: "permanent", reason: "malformed", description: `invalidNextLink: ${error.message}` };
  }
  if (error.status === 429) {
    return { ...base, kind: "transient", retryAfterMs: error.retryAfterMs, description: `Graph is throttling this app: ${error.message}` };
  }
  if (error.status === undefined || unavailableStatuses.has(error.status)) {
    return { ...base, kind: "transient", retryAfterMs: error.retryAfterMs, description: `Graph is unavailable (${error.code}): ${error.message}` };
  }
  if (error.status === 401 || error.status === 403) {
    return { ...base, kind: "permanent", reason: "forbidden", description: `Graph refused to list ${listed} (${error.status} ${error.code}): ${error.message}` };
  }
  return { ...base, kind: "permanent", reason: "failed", description: `Graph answered ${error.status} ${error.code}: ${error.message}` };
}
