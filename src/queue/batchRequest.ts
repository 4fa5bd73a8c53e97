import { parseAssignmentId } from "../shared/guid";

export const maxBatchAssignmentIds = 1000;

export interface RejectedAssignmentId {
  /** As the caller sent it, shortened when long. */
  readonly id: string;
  readonly reason: "invalidId" | "duplicate";
  readonly message: string;
}

export interface ExpandFilter {
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
}

export type BatchRequest =
  | { readonly kind: "ids"; readonly assignmentIds: readonly string[]; readonly rejected: readonly RejectedAssignmentId[] }
  | { readonly kind: "filter"; readonly filter: ExpandFilter };

export interface BatchRequestProblem {
  readonly ok: false;
  readonly code: "invalidRequest" | "noValidAssignmentIds";
  readonly message: string;
  readonly rejected?: readonly RejectedAssignmentId[];
}

export type BatchRequestParseResult = { readonly ok: true; readonly request: BatchRequest } | BatchRequestProblem;

const allowedKeys: ReadonlySet<string> = new Set(["assignmentIds", "accessPackageId", "targetObjectId"]);
const shownIdLength = 64;

function problem(message: string): BatchRequestProblem {
  return { ok: false, code: "invalidRequest", message };
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > shownIdLength ? `${text.slice(0, shownIdLength)}…` : text;
}

function parseIds(values: unknown): BatchRequestParseResult {
  if (!Array.isArray(values) || values.length === 0 || values.length > maxBatchAssignmentIds) {
    return problem(`assignmentIds must be an array of 1 to ${maxBatchAssignmentIds} assignment ids.`);
  }
  const accepted: string[] = [];
  const seen = new Set<string>();
  const rejected: RejectedAssignmentId[] = [];
  for (const value of values as unknown[]) {
    const parsed = parseAssignmentId(value);
    if (!parsed.ok) {
      rejected.push({ id: shown(value), reason: "invalidId", message: parsed.reason });
    } else if (seen.has(parsed.id)) {
      rejected.push({ id: shown(value), reason: "duplicate", message: `Assignment ${parsed.id} is already in this request.` });
    } else {
      seen.add(parsed.id);
      accepted.push(parsed.id);
    }
  }
  if (accepted.length === 0) {
    return { ok: false, code: "noValidAssignmentIds", message: "None of the assignment ids is a valid GUID; nothing was enqueued.", rejected };
  }
  return { ok: true, request: { kind: "ids", assignmentIds: accepted, rejected } };
}

function parseFilter(body: Readonly<Record<string, unknown>>): BatchRequestParseResult {
  const filter: { accessPackageId?: string; targetObjectId?: string } = {};
  for (const key of ["accessPackageId", "targetObjectId"] as const) {
    if (body[key] === undefined) continue;
    const parsed = parseAssignmentId(body[key]);
    if (!parsed.ok) {
      return problem(`${key} must be a GUID such as d82eb508-acc4-43cc-bcf1-7c1c4a2c073b.`);
    }
    filter[key] = parsed.id;
  }
  return { ok: true, request: { kind: "filter", filter } };
}

/**
 * The batch endpoint's body: `{ assignmentIds: [...] }` or `{ accessPackageId?, targetObjectId? }`
 * with at least one. Unknown keys are refused: a misspelt `targetObjectID` would otherwise widen
 * a filter to every assignment of the package.
 */
export function parseBatchRequest(body: unknown): BatchRequestParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return problem('The body must be a JSON object: { "assignmentIds": [...] } or { "accessPackageId": ..., "targetObjectId": ... }.');
  }
  const record = body as Readonly<Record<string, unknown>>;
  const unknown = Object.keys(record).filter((key) => !allowedKeys.has(key));
  if (unknown.length > 0) {
    return problem(`Unknown key ${shown(unknown[0])}; accepted keys: assignmentIds, or accessPackageId and targetObjectId.`);
  }
  const hasFilter = record.accessPackageId !== undefined || record.targetObjectId !== undefined;
  if (record.assignmentIds !== undefined) {
    return hasFilter ? problem("Send either assignmentIds or a filter (accessPackageId, targetObjectId), not both.") : parseIds(record.assignmentIds);
  }
  if (!hasFilter) {
    return problem("Send assignmentIds, or accessPackageId and/or targetObjectId to reprocess every delivered assignment matching them.");
  }
  return parseFilter(record);
}
