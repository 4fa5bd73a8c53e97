import { deterministicGuid } from "../graph/deterministicGuid";
import { assignmentStates, type AssignmentState, type EmulatedAssignment } from "../graph/emulatedAssignment";
import type { EmulatedAssignmentRequest } from "../graph/emulatedAssignmentRequest";
import type { EmulatedCatalog } from "../graph/emulatedCatalog";
import { seedAssignmentRequests } from "../graph/seedAssignmentRequests";
import { seedAssignments } from "../graph/seedAssignments";

export interface LocalSeed {
  readonly assignments: readonly EmulatedAssignment[];
  /** A few assignments in every state, all in one access package. */
  readonly idsByState: Readonly<Record<AssignmentState, readonly string[]>>;
  /** An access package with many delivered assignments, to try reprocess-by-filter fan-out. */
  readonly fanOutAccessPackageId: string;
  readonly fanOutAssignmentIds: readonly string[];
  /** Requests to try healing on: two Graph reprocesses, one it refuses as past the 14-day window. */
  readonly assignmentRequests: readonly EmulatedAssignmentRequest[];
  readonly requestIds: {
    readonly deliveryFailedInWindow: string;
    readonly deliveryFailedPastWindow: string;
    readonly partiallyDelivered: string;
  };
  /** One catalog holding both seeded access packages, for the catalog-scoped sweep. */
  readonly catalog: EmulatedCatalog;
}

const perState = 3;
const fanOutSize = 25;
const dayMs = 24 * 60 * 60 * 1000;

// Fixed scopes keep the ids identical on every run, so ids copied from one session's output
// (into curl commands, notes, bug reports) still work in the next. Request dates count back from
// `nowMs`, so the one inside the 14-day window stays inside it whenever the emulator starts.
export function buildLocalSeed(nowMs: number = Date.now()): LocalSeed {
  const mixed = seedAssignments({ count: perState * assignmentStates.length, scope: 0x100, states: assignmentStates });
  const fanOut = seedAssignments({ count: fanOutSize, scope: 0x101 });
  const idsByState = Object.fromEntries(
    assignmentStates.map((state) => [state, mixed.filter((a) => a.state === state).map((a) => a.id)]),
  ) as Record<AssignmentState, string[]>;
  const mixedAccessPackageId = mixed[0]?.accessPackageId ?? "";
  const fanOutAccessPackageId = fanOut[0]?.accessPackageId ?? "";
  const requests = seedAssignmentRequests({
    count: 3,
    scope: 0x102,
    nowMs,
    states: ["deliveryFailed", "deliveryFailed", "partiallyDelivered"],
    agesMs: [2 * dayMs, 20 * dayMs, 1 * dayMs],
    accessPackageId: mixedAccessPackageId,
  });
  return {
    assignments: [...mixed, ...fanOut],
    idsByState,
    fanOutAccessPackageId,
    fanOutAssignmentIds: fanOut.map((a) => a.id),
    assignmentRequests: requests,
    requestIds: {
      deliveryFailedInWindow: requests[0]?.id ?? "",
      deliveryFailedPastWindow: requests[1]?.id ?? "",
      partiallyDelivered: requests[2]?.id ?? "",
    },
    catalog: {
      id: deterministicGuid("catalog", 0x100, 0),
      displayName: "Local seed catalog",
      accessPackages: [
        { id: mixedAccessPackageId, displayName: "Assignments in every state" },
        { id: fanOutAccessPackageId, displayName: "Fan-out (25 delivered)" },
      ],
    },
  };
}
