import { deterministicGuid } from "./deterministicGuid";
import {
  assignmentRequestStates,
  type AssignmentRequestState,
  type AssignmentRequestType,
  type EmulatedAssignmentRequest,
} from "./emulatedAssignmentRequest";

const dayMs = 24 * 60 * 60 * 1000;
// Inside and outside Graph's 14-day reprocess window, either side of its edge.
export const defaultRequestAgesMs: readonly number[] = [1 * dayMs, 7 * dayMs, 13 * dayMs, 15 * dayMs, 30 * dayMs];
// States in which a request has completed, so it carries a completedDateTime.
const completedStates: ReadonlySet<AssignmentRequestState> = new Set(["delivered", "deliveryFailed", "partiallyDelivered", "denied", "canceled"]);

export interface SeedAssignmentRequestsOptions {
  readonly count: number;
  /** Cycled through in order. Default: every seedable state. */
  readonly states?: readonly AssignmentRequestState[] | undefined;
  /**
   * How long before `nowMs` each request completed (or, if still open, was created), cycled
   * independently of the states so the seed mixes both. Default: 1, 7, 13, 15 and 30 days.
   */
  readonly agesMs?: readonly number[] | undefined;
  /** The clock the ages count back from: pass the emulator's. Default: now. */
  readonly nowMs?: number | undefined;
  /** Cycled through in order. Default: adminAdd, userAdd. */
  readonly requestTypes?: readonly AssignmentRequestType[] | undefined;
  /** Default: one access package per scope, the same one seedAssignments uses. */
  readonly accessPackageId?: string | undefined;
  /** Seeds with different scopes never share an id, so several can be loaded together. */
  readonly scope?: number | undefined;
}

export function seedAssignmentRequests(options: SeedAssignmentRequestsOptions): EmulatedAssignmentRequest[] {
  const scope = options.scope ?? 1;
  const states = options.states ?? assignmentRequestStates;
  const agesMs = options.agesMs ?? defaultRequestAgesMs;
  const requestTypes = options.requestTypes ?? ["adminAdd", "userAdd"];
  if (states.length === 0 || agesMs.length === 0 || requestTypes.length === 0) {
    throw new RangeError("seedAssignmentRequests needs at least one state, age and request type to cycle through");
  }
  const nowMs = options.nowMs ?? Date.now();
  const accessPackageId = options.accessPackageId ?? deterministicGuid("accessPackage", scope, 0);
  const requests: EmulatedAssignmentRequest[] = [];
  for (let index = 0; index < options.count; index++) {
    const state = states[index % states.length] ?? "delivered";
    const ageMs = agesMs[index % agesMs.length] ?? 0;
    const completed = completedStates.has(state);
    // A completed request was created an hour before it completed; an open one is as old as its age.
    const createdMs = nowMs - ageMs - (completed ? 60 * 60 * 1000 : 0);
    requests.push({
      id: deterministicGuid("assignmentRequest", scope, index),
      state,
      requestType: requestTypes[index % requestTypes.length] ?? "adminAdd",
      createdDateTime: new Date(createdMs).toISOString(),
      ...(completed ? { completedDateTime: new Date(nowMs - ageMs).toISOString() } : {}),
      accessPackageId,
      // The same target ids seedAssignments gives the same scope and index.
      requestorObjectId: deterministicGuid("target", scope, index),
    });
  }
  return requests;
}
