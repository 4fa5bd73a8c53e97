import type { GraphError, GraphRequestIds } from "../graph/graphError";
import { requiredGraphPermission } from "./reprocessOutcome";

/**
 * What a failed Graph call means to a caller, whatever was being reprocessed (an assignment or an
 * assignment request): the outcomes of both operations share these kinds, so both judge a Graph
 * error here and add only their own id.
 */
export type GraphFailureOutcome =
  | { readonly kind: "notFound"; readonly graph: GraphRequestIds; readonly message: string }
  | { readonly kind: "throttled"; readonly graph: GraphRequestIds; readonly retryAfterMs: number | undefined; readonly message: string }
  | { readonly kind: "unavailable"; readonly graph: GraphRequestIds; readonly retryAfterMs: number | undefined; readonly status: number | undefined; readonly message: string }
  | {
      readonly kind: "forbidden";
      readonly graph: GraphRequestIds;
      readonly status: number;
      readonly requiredPermission: typeof requiredGraphPermission;
      readonly message: string;
    }
  | { readonly kind: "failed"; readonly graph: GraphRequestIds; readonly status: number | undefined; readonly code: string; readonly message: string };

const unavailableStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** `notFoundMessage` names the missing thing ("Assignment … does not exist in this tenant."). */
export function graphFailureOutcome(error: GraphError, notFoundMessage: string): GraphFailureOutcome {
  const graph = error.ids;
  const status = error.status;
  if (status === undefined) {
    return { kind: "unavailable", graph, status, retryAfterMs: undefined, message: error.message };
  }
  if (status === 429) {
    return { kind: "throttled", graph, retryAfterMs: error.retryAfterMs, message: `Graph is throttling this app: ${error.message}` };
  }
  if (unavailableStatuses.has(status)) {
    return { kind: "unavailable", graph, status, retryAfterMs: error.retryAfterMs, message: `Graph is unavailable (${status} ${error.code}): ${error.message}` };
  }
  if (status === 404) {
    return { kind: "notFound", graph, message: notFoundMessage };
  }
  if (status === 401 || status === 403) {
    const why =
      status === 401
        ? "Graph rejected the app's token (401): check that GRAPH_CLOUD names the tenant's cloud and the managed identity belongs to that tenant."
        : `Graph refused the call (403 ${error.code}): grant the application permission ${requiredGraphPermission} to the app's managed identity (or the catalog-scoped Access Package Assignment Manager role).`;
    return { kind: "forbidden", graph, status, requiredPermission: requiredGraphPermission, message: why };
  }
  return { kind: "failed", graph, status, code: error.code, message: `Graph answered ${status} ${error.code}: ${error.message}` };
}
