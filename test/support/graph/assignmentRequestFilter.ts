import { assignmentRequestStates, type AssignmentRequestState, type EmulatedAssignmentRequest } from "./emulatedAssignmentRequest";

export interface AssignmentRequestFilter {
  /** `unknownFutureValue` is a valid enum member to filter on; no request is ever in it. */
  readonly state?: AssignmentRequestState | "unknownFutureValue";
  readonly createdOnOrAfterMs?: number;
}

export type AssignmentRequestFilterParse =
  | { readonly ok: true; readonly filter: AssignmentRequestFilter }
  | { readonly ok: false; readonly message: string };

const stateClause = /^\s*state\s+eq\s+'([^']*)'\s*$/i;
const createdClause = /^\s*createdDateTime\s+ge\s+(\S+)\s*$/i;
// An OData DateTimeOffset literal: bare (a quoted one is an Edm.String, which Graph refuses to
// compare with a date), with seconds optional, fractions up to 7 digits, and Z or an offset.
const dateTimeOffset = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,7})?)?(Z|[+-]\d\d:\d\d)$/i;
const statesByLowerCase = new Map<string, AssignmentRequestState | "unknownFutureValue">(
  [...assignmentRequestStates, "unknownFutureValue" as const].map((state) => [state.toLowerCase(), state]),
);

// The two clauses design §2 names as filterable on the request list, joined by `and`; anything
// else (completedDateTime among them) is refused, so a client relying on it fails here first.
export function parseAssignmentRequestFilter(text: string): AssignmentRequestFilterParse {
  let state: AssignmentRequestFilter["state"];
  let createdOnOrAfterMs: number | undefined;
  for (const clause of text.split(/\s+and\s+/i)) {
    const stateValue = stateClause.exec(clause)?.[1];
    const createdValue = createdClause.exec(clause)?.[1];
    if (stateValue !== undefined) {
      if (state !== undefined) return { ok: false, message: "The filter names state twice." };
      state = statesByLowerCase.get(stateValue.toLowerCase());
      if (state === undefined) return { ok: false, message: `'${stateValue}' is not a valid accessPackageRequestState.` };
    } else if (createdValue !== undefined) {
      if (createdOnOrAfterMs !== undefined) return { ok: false, message: "The filter names createdDateTime twice." };
      const ms = dateTimeOffset.test(createdValue) ? Date.parse(createdValue) : Number.NaN;
      if (Number.isNaN(ms)) {
        return { ok: false, message: `A binary operator with incompatible types was detected: '${createdValue}' is not an Edm.DateTimeOffset literal.` };
      }
      createdOnOrAfterMs = ms;
    } else {
      return { ok: false, message: `Unsupported or invalid filter clause '${clause.trim()}'.` };
    }
  }
  return {
    ok: true,
    filter: {
      ...(state === undefined ? {} : { state }),
      ...(createdOnOrAfterMs === undefined ? {} : { createdOnOrAfterMs }),
    },
  };
}

export function assignmentRequestMatches(filter: AssignmentRequestFilter, request: EmulatedAssignmentRequest): boolean {
  return (
    (filter.state === undefined || filter.state === request.state) &&
    (filter.createdOnOrAfterMs === undefined || Date.parse(request.createdDateTime) >= filter.createdOnOrAfterMs)
  );
}
