import { deterministicGuid } from "./deterministicGuid";
import type { AssignmentState, EmulatedAssignment } from "./emulatedAssignment";

export interface SeedAssignmentsOptions {
  readonly count: number;
  /** Cycled through in order, so `["delivered", "expired"]` alternates. Default: all delivered. */
  readonly states?: readonly AssignmentState[] | undefined;
  /** Default: one access package per scope. */
  readonly accessPackageId?: string | undefined;
  /** Seeds with different scopes never share an id, so several can be loaded together. */
  readonly scope?: number | undefined;
}

export function seedAssignments(options: SeedAssignmentsOptions): EmulatedAssignment[] {
  const scope = options.scope ?? 1;
  const states = options.states ?? ["delivered"];
  if (states.length === 0) {
    throw new RangeError("seedAssignments needs at least one state to cycle through");
  }
  const accessPackageId = options.accessPackageId ?? deterministicGuid("accessPackage", scope, 0);
  const assignments: EmulatedAssignment[] = [];
  for (let index = 0; index < options.count; index++) {
    assignments.push({
      id: deterministicGuid("assignment", scope, index),
      state: states[index % states.length] ?? "delivered",
      accessPackageId,
      targetObjectId: deterministicGuid("target", scope, index),
    });
  }
  return assignments;
}
