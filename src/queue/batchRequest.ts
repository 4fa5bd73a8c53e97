import { parseAssignmentId, parseAssignmentRequestId, type AssignmentIdParseResult } from "../shared/guid";

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
  | { readonly kind: "requestIds"; readonly assignmentRequestIds: readonly string[]; readonly rejected: readonly RejectedAssignmentId[] }
  | { readonly kind: "filter"; readonly filter: ExpandFilter }
  | { readonly kind: "catalog"; readonly catalogId: string };

export interface BatchRequestProblem {
  readonly ok: false;
  readonly code: "invalidRequest" | "noValidAssignmentIds" | "noValidAssignmentRequestIds";
  readonly message: string;
  readonly rejected?: readonly RejectedAssignmentId[];
}

export type BatchRequestParseResult = { readonly ok: true; readonly request: BatchRequest } | BatchRequestProblem;

/** The body forms, each named by the keys that make it up; a body is exactly one of them. */
const forms = [
  { name: "assignmentIds", keys: ["assignmentIds"] },
  { name: "assignmentRequestIds", keys: ["assignmentRequestIds"] },
  { name: "catalogId", keys: ["catalogId"] },
  { name: "a filter (accessPackageId, targetObjectId)", keys: ["accessPackageId", "targetObjectId"] },
] as const;

const allowedKeys: ReadonlySet<string> = new Set(forms.flatMap((form) => form.keys));
const formList = "assignmentIds, assignmentRequestIds, catalogId, or accessPackageId and/or targetObjectId";
const shownIdLength = 64;
const example = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";

function problem(message: string): BatchRequestProblem {
  return { ok: false, code: "invalidRequest", message };
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > shownIdLength ? `${text.slice(0, shownIdLength)}…` : text;
}

interface IdListVocabulary {
  readonly field: "assignmentIds" | "assignmentRequestIds";
  readonly subject: "Assignment" | "Assignment request";
  readonly plural: "assignment ids" | "assignment request ids";
  readonly noneValidCode: "noValidAssignmentIds" | "noValidAssignmentRequestIds";
  readonly parse: (value: unknown) => AssignmentIdParseResult;
}

const assignmentVocabulary: IdListVocabulary = { field: "assignmentIds", subject: "Assignment", plural: "assignment ids", noneValidCode: "noValidAssignmentIds", parse: parseAssignmentId };
const requestVocabulary: IdListVocabulary = {
  field: "assignmentRequestIds",
  subject: "Assignment request",
  plural: "assignment request ids",
  noneValidCode: "noValidAssignmentRequestIds",
  parse: parseAssignmentRequestId,
};

function parseIdList(values: unknown, vocabulary: IdListVocabulary): { ok: true; ids: string[]; rejected: RejectedAssignmentId[] } | BatchRequestProblem {
  if (!Array.isArray(values) || values.length === 0 || values.length > maxBatchAssignmentIds) {
    return problem(`${vocabulary.field} must be an array of 1 to ${maxBatchAssignmentIds} ${vocabulary.plural}.`);
  }
  const accepted: string[] = [];
  const seen = new Set<string>();
  const rejected: RejectedAssignmentId[] = [];
  for (const value of values as unknown[]) {
    const parsed = vocabulary.parse(value);
    if (!parsed.ok) {
      rejected.push({ id: shown(value), reason: "invalidId", message: parsed.reason });
    } else if (seen.has(parsed.id)) {
      rejected.push({ id: shown(value), reason: "duplicate", message: `${vocabulary.subject} ${parsed.id} is already in this request.` });
    } else {
      seen.add(parsed.id);
      accepted.push(parsed.id);
    }
  }
  if (accepted.length === 0) {
    return { ok: false, code: vocabulary.noneValidCode, message: `None of the ${vocabulary.plural} is a valid GUID; nothing was enqueued.`, rejected };
  }
  return { ok: true, ids: accepted, rejected };
}

function parseFilter(body: Readonly<Record<string, unknown>>): BatchRequestParseResult {
  const filter: { accessPackageId?: string; targetObjectId?: string } = {};
  for (const key of ["accessPackageId", "targetObjectId"] as const) {
    if (body[key] === undefined) continue;
    const parsed = parseAssignmentId(body[key]);
    if (!parsed.ok) {
      return problem(`${key} must be a GUID such as ${example}.`);
    }
    filter[key] = parsed.id;
  }
  return { ok: true, request: { kind: "filter", filter } };
}

/**
 * The batch endpoint's body, exactly one of: `{ assignmentIds: [...] }`,
 * `{ assignmentRequestIds: [...] }`, `{ catalogId }`, or `{ accessPackageId?, targetObjectId? }`
 * with at least one. Unknown keys are refused: a misspelt `targetObjectID` would otherwise widen
 * a filter to every assignment of the package.
 */
export function parseBatchRequest(body: unknown): BatchRequestParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return problem(`The body must be a JSON object with one of ${formList}.`);
  }
  const record = body as Readonly<Record<string, unknown>>;
  const unknown = Object.keys(record).filter((key) => !allowedKeys.has(key));
  if (unknown.length > 0) {
    return problem(`Unknown key ${shown(unknown[0])}; accepted keys: ${formList}.`);
  }
  const present = forms.filter((form) => form.keys.some((key) => record[key] !== undefined));
  const [form, second] = present;
  if (second !== undefined) {
    return problem(`Send exactly one of ${formList}; this body has both ${form?.name ?? ""} and ${second.name}.`);
  }
  switch (form?.name) {
    case undefined:
      return problem(`Send ${formList} (to reprocess every delivered assignment matching them).`);
    case "assignmentIds": {
      const parsed = parseIdList(record.assignmentIds, assignmentVocabulary);
      return parsed.ok ? { ok: true, request: { kind: "ids", assignmentIds: parsed.ids, rejected: parsed.rejected } } : parsed;
    }
    case "assignmentRequestIds": {
      const parsed = parseIdList(record.assignmentRequestIds, requestVocabulary);
      return parsed.ok ? { ok: true, request: { kind: "requestIds", assignmentRequestIds: parsed.ids, rejected: parsed.rejected } } : parsed;
    }
    case "catalogId": {
      const parsed = parseAssignmentId(record.catalogId);
      return parsed.ok ? { ok: true, request: { kind: "catalog", catalogId: parsed.id } } : problem(`catalogId must be a GUID such as ${example}.`);
    }
    default:
      return parseFilter(record);
  }
}
