import { assignmentStates, type AssignmentState, type EmulatedAssignment } from "./emulatedAssignment";
import { isGuid } from "./isGuid";

export interface AssignmentFilter {
  readonly state?: AssignmentState;
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
}

export type AssignmentFilterParse =
  | { readonly ok: true; readonly filter: AssignmentFilter }
  | { readonly ok: false; readonly message: string };

const clausePattern = /^\s*(state|accessPackage\/id|target\/objectId)\s+eq\s+'([^']*)'\s*$/i;
const statesByLowerCase = new Map<string, AssignmentState>(assignmentStates.map((s) => [s.toLowerCase(), s]));

// Only the equality clauses the reprocessor uses; anything else is refused so a client relying on
// a filter the emulator would silently ignore fails here rather than in production.
export function parseAssignmentFilter(text: string): AssignmentFilterParse {
  let state: AssignmentState | undefined;
  let accessPackageId: string | undefined;
  let targetObjectId: string | undefined;
  for (const clause of text.split(/\s+and\s+/i)) {
    const match = clausePattern.exec(clause);
    const property = match?.[1]?.toLowerCase();
    const value = match?.[2];
    if (property === undefined || value === undefined) {
      return { ok: false, message: `Unsupported or invalid filter clause '${clause.trim()}'.` };
    }
    if (property === "state") {
      if (state !== undefined) return { ok: false, message: "The filter names state twice." };
      state = statesByLowerCase.get(value.toLowerCase());
      if (state === undefined) {
        return { ok: false, message: `'${value}' is not a valid accessPackageAssignmentState.` };
      }
      continue;
    }
    if (!isGuid(value)) return { ok: false, message: `'${value}' is not a valid GUID.` };
    if (property === "accesspackage/id") {
      if (accessPackageId !== undefined) return { ok: false, message: "The filter names accessPackage/id twice." };
      accessPackageId = value.toLowerCase();
    } else {
      if (targetObjectId !== undefined) return { ok: false, message: "The filter names target/objectId twice." };
      targetObjectId = value.toLowerCase();
    }
  }
  return {
    ok: true,
    filter: {
      ...(state === undefined ? {} : { state }),
      ...(accessPackageId === undefined ? {} : { accessPackageId }),
      ...(targetObjectId === undefined ? {} : { targetObjectId }),
    },
  };
}

export function assignmentMatches(filter: AssignmentFilter, assignment: EmulatedAssignment): boolean {
  return (
    (filter.state === undefined || filter.state === assignment.state) &&
    (filter.accessPackageId === undefined || filter.accessPackageId === assignment.accessPackageId.toLowerCase()) &&
    (filter.targetObjectId === undefined || filter.targetObjectId === assignment.targetObjectId.toLowerCase())
  );
}
