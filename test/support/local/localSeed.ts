import { assignmentStates, type AssignmentState, type EmulatedAssignment } from "../graph/emulatedAssignment";
import { seedAssignments } from "../graph/seedAssignments";

export interface LocalSeed {
  readonly assignments: readonly EmulatedAssignment[];
  /** A few assignments in every state, all in one access package. */
  readonly idsByState: Readonly<Record<AssignmentState, readonly string[]>>;
  /** An access package with many delivered assignments, to try reprocess-by-filter fan-out. */
  readonly fanOutAccessPackageId: string;
  readonly fanOutAssignmentIds: readonly string[];
}

const perState = 3;
const fanOutSize = 25;

// Fixed scopes keep the ids identical on every run, so ids copied from one session's output
// (into curl commands, notes, bug reports) still work in the next.
export function buildLocalSeed(): LocalSeed {
  const mixed = seedAssignments({ count: perState * assignmentStates.length, scope: 0x100, states: assignmentStates });
  const fanOut = seedAssignments({ count: fanOutSize, scope: 0x101 });
  const idsByState = Object.fromEntries(
    assignmentStates.map((state) => [state, mixed.filter((a) => a.state === state).map((a) => a.id)]),
  ) as Record<AssignmentState, string[]>;
  return {
    assignments: [...mixed, ...fanOut],
    idsByState,
    fanOutAccessPackageId: fanOut[0]?.accessPackageId ?? "",
    fanOutAssignmentIds: fanOut.map((a) => a.id),
  };
}
