import type { ReprocessOutcome } from "./reprocessOutcome";
import type { RequestReprocessOutcome } from "./requestReprocessOutcome";
import type { GraphError, GraphRequestIds } from "../graph/graphError";
import { graphFailureOutcome, type GraphFailureOutcome } from "./graphFailureOutcome";
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

/**
 * Either operation's outcome, or a bare Graph failure (a list call's); they share every kind but
 * the one that names the state.
 */
export function processingResultOfOutcome(outcome: ReprocessOutcome | RequestReprocessOutcome | GraphFailureOutcome): ProcessingResult {
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

/**
 * A failed page listing (assignments, access packages, requests), judged exactly as a failed
 * reprocess is: one classification of Graph's statuses (graphFailureOutcome), so the two cannot
 * drift. Only a nextLink the client refused to follow is the list's own: the message carried it.
 */
export function processingResultOfListError(error: GraphError, listed = "assignments"): ProcessingResult {
  if (error.code === "invalidNextLink") {
    return { kind: "permanent", reason: "malformed", lastStatus: error.status, graph: error.ids, description: `invalidNextLink: ${error.message}` };
  }
  const result = processingResultOfOutcome(graphFailureOutcome(error, `Graph found no ${listed} to list (404 ${error.code}): ${error.message}`));
  // The operator reading a parked page needs to know which list it was.
  return result.kind === "permanent" ? { ...result, description: `Listing ${listed}: ${result.description}` } : result;
}
