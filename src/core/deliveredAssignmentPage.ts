import type { GraphClient } from "../graph/graphClient";
import type { GraphError, GraphRequestIds } from "../graph/graphError";
import { parseAssignmentId } from "../shared/guid";

export interface AssignmentListFilter {
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
}

export interface DeliveredAssignmentPageRequest {
  readonly filter: AssignmentListFilter;
  /** The page after the first: Graph's nextLink, which the Graph client only follows to its own root. */
  readonly nextLink?: string;
}

export type DeliveredAssignmentPage =
  | {
      readonly ok: true;
      readonly assignmentIds: readonly string[];
      /** Items Graph listed without a GUID id; counted, never sent on. */
      readonly skipped: number;
      readonly nextLink?: string;
      readonly graph: GraphRequestIds;
    }
  | { readonly ok: false; readonly error: GraphError };

export interface ListPageOptions {
  readonly abortSignal: AbortSignal;
}

/**
 * One page of the delivered assignments matching a filter, ids only: the list already filtered on
 * state, so whoever reprocesses them can skip the state check.
 */
export async function listDeliveredAssignmentPage(graph: GraphClient, request: DeliveredAssignmentPageRequest, options: ListPageOptions): Promise<DeliveredAssignmentPage> {
  const response =
    request.nextLink === undefined
      ? // No $top: the list documents $filter, $select and $expand only, so the page size is Graph's.
        await graph.listAssignments({ filter: { state: "delivered", ...request.filter }, select: ["id"], abortSignal: options.abortSignal })
      : await graph.listAssignments({ nextLink: request.nextLink, abortSignal: options.abortSignal });
  if (!response.ok) {
    return response;
  }
  const assignmentIds: string[] = [];
  let skipped = 0;
  for (const assignment of response.value.assignments) {
    const parsed = parseAssignmentId(assignment.id);
    if (parsed.ok) assignmentIds.push(parsed.id);
    else skipped += 1;
  }
  const page = { ok: true as const, assignmentIds, skipped, graph: response.ids };
  return response.value.nextLink === undefined ? page : { ...page, nextLink: response.value.nextLink };
}
