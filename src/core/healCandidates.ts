import type { GraphClient } from "../graph/graphClient";
import type { GraphError, GraphRequestIds } from "../graph/graphError";
import { parseAssignmentRequestId } from "../shared/guid";
import { isInsideReprocessWindow, reprocessableRequestStates, type ReprocessableRequestState } from "./reprocessWindow";

export { isInsideReprocessWindow, reprocessWindowMs, reprocessableRequestStates, type ReprocessableRequestState } from "./reprocessWindow";

/** A failed request a heal sweep would consider, with whether Graph would still reprocess it now. */
export interface HealCandidate {
  readonly id: string;
  readonly state: string;
  readonly accessPackageId?: string;
  readonly requestorObjectId?: string;
  readonly completedDateTime?: string;
  readonly insideWindow: boolean;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The creation bound of a sweep's list: `completedDateTime` is not filterable, so the list filters
 * on `createdDateTime ge now - lookbackDays` and the window is checked on every item.
 */
export function healCreatedOnOrAfter(nowMs: number, lookbackDays: number): Date {
  return new Date(nowMs - lookbackDays * dayMs);
}

export interface HealCandidatePageRequest {
  readonly state: ReprocessableRequestState;
  readonly createdOnOrAfter: Date;
  /** The page after the first: Graph's nextLink, which the Graph client only follows to its own list. */
  readonly nextLink?: string;
}

export interface HealCandidatePageOptions {
  /** The time each item's window is judged at. */
  readonly nowMs: number;
  readonly abortSignal: AbortSignal;
}

export type HealCandidatePage =
  | {
      readonly ok: true;
      readonly candidates: readonly HealCandidate[];
      /** Items Graph listed without a GUID id; counted, never sent on. */
      readonly skipped: number;
      readonly nextLink?: string;
      readonly graph: GraphRequestIds;
    }
  | { readonly ok: false; readonly error: GraphError };

type RequestListGraph = Pick<GraphClient, "listAssignmentRequests">;

const candidateSelect = ["id", "state", "createdDateTime", "completedDateTime"] as const;
const candidateExpand = ["accessPackage", "requestor"] as const;

/** One Graph page of requests in `state` created on or after the bound, each judged against the window. */
export async function listHealCandidatePage(graph: RequestListGraph, request: HealCandidatePageRequest, options: HealCandidatePageOptions): Promise<HealCandidatePage> {
  const callOptions = { abortSignal: options.abortSignal };
  const response =
    request.nextLink === undefined
      ? await graph.listAssignmentRequests({ filter: { state: request.state, createdOnOrAfter: request.createdOnOrAfter }, select: candidateSelect, expand: candidateExpand, ...callOptions })
      : await graph.listAssignmentRequests({ nextLink: request.nextLink, ...callOptions });
  if (!response.ok) {
    return response;
  }
  const candidates: HealCandidate[] = [];
  let skipped = 0;
  for (const item of response.value.requests) {
    const parsed = parseAssignmentRequestId(item.id);
    if (!parsed.ok) {
      skipped += 1;
      continue;
    }
    candidates.push({
      id: parsed.id,
      state: item.state ?? request.state,
      ...(item.accessPackageId === undefined ? {} : { accessPackageId: item.accessPackageId.toLowerCase() }),
      ...(item.requestorObjectId === undefined ? {} : { requestorObjectId: item.requestorObjectId.toLowerCase() }),
      ...(item.completedDateTime === undefined ? {} : { completedDateTime: item.completedDateTime }),
      insideWindow: isInsideReprocessWindow(item.completedDateTime, options.nowMs),
    });
  }
  const page = { ok: true as const, candidates, skipped, graph: response.ids };
  return response.value.nextLink === undefined ? page : { ...page, nextLink: response.value.nextLink };
}

/** Listing the requests to heal failed; `cause` is the GraphError, `state` the list that failed. */
export class HealListError extends Error {
  override readonly name = "HealListError";
  readonly state: ReprocessableRequestState;
  readonly status: number | undefined;
  readonly code: string;

  constructor(state: ReprocessableRequestState, cause: GraphError) {
    super(`Listing ${state} assignment requests failed: ${cause.message}`, { cause });
    this.state = state;
    this.status = cause.status;
    this.code = cause.code;
  }
}

export function isHealListError(value: unknown): value is HealListError {
  return value instanceof Error && value.name === "HealListError";
}

export interface ListHealCandidatesOptions {
  readonly nowMs: number;
  /** How far back the list reaches on createdDateTime (see healCreatedOnOrAfter). */
  readonly lookbackDays: number;
  /** Only requests for this access package (filtered here: the request list has no such filter). */
  readonly accessPackageId?: string;
  readonly abortSignal: AbortSignal;
}

/**
 * Every deliveryFailed and partiallyDelivered request a sweep would consider now, page by page,
 * inside the window or not (each says). A Graph failure throws a HealListError.
 */
export async function* listHealCandidates(graph: RequestListGraph, options: ListHealCandidatesOptions): AsyncIterable<HealCandidate> {
  const createdOnOrAfter = healCreatedOnOrAfter(options.nowMs, options.lookbackDays);
  const accessPackageId = options.accessPackageId?.toLowerCase();
  const pageOptions = { nowMs: options.nowMs, abortSignal: options.abortSignal };
  for (const state of reprocessableRequestStates) {
    let nextLink: string | undefined;
    do {
      const page = await listHealCandidatePage(graph, nextLink === undefined ? { state, createdOnOrAfter } : { state, createdOnOrAfter, nextLink }, pageOptions);
      if (!page.ok) {
        throw new HealListError(state, page.error);
      }
      for (const candidate of page.candidates) {
        if (accessPackageId === undefined || candidate.accessPackageId === accessPackageId) yield candidate;
      }
      nextLink = page.nextLink;
    } while (nextLink !== undefined);
  }
}
