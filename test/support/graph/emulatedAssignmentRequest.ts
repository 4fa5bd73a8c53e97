import type { ScriptedReprocess } from "./scriptedReprocess";

// The v1.0 accessPackageRequestState values; `unknownFutureValue` is an evolvable-enum sentinel
// Graph never stores on a request, so it is not seedable (though a filter may name it).
export const assignmentRequestStates = [
  "submitted",
  "pendingApproval",
  "delivering",
  "delivered",
  "deliveryFailed",
  "denied",
  "scheduled",
  "canceled",
  "partiallyDelivered",
] as const;

export type AssignmentRequestState = (typeof assignmentRequestStates)[number];

// The v1.0 accessPackageRequestType values.
export const assignmentRequestTypes = [
  "notSpecified",
  "userAdd",
  "userUpdate",
  "userRemove",
  "adminAdd",
  "adminUpdate",
  "adminRemove",
  "systemAdd",
  "systemUpdate",
  "systemRemove",
  "onBehalfAdd",
] as const;

export type AssignmentRequestType = (typeof assignmentRequestTypes)[number];

/** Graph only lets a request be reprocessed within this long of its completedDateTime. */
export const requestReprocessWindowMs = 14 * 24 * 60 * 60 * 1000;

export interface EmulatedAssignmentRequest {
  readonly id: string;
  readonly state: AssignmentRequestState;
  readonly requestType: AssignmentRequestType;
  /** ISO 8601 UTC, as Graph writes it. */
  readonly createdDateTime: string;
  /** ISO 8601 UTC; absent while the request has not completed. */
  readonly completedDateTime?: string | undefined;
  readonly accessPackageId: string;
  /** Graph's requestor: who asked or, for a direct assignment, who was assigned, i.e. the target. */
  readonly requestorObjectId: string;
  /** What an accepted reprocess does. Default: delivered at once, with a new completedDateTime. */
  readonly afterReprocess?: ScriptedReprocess | undefined;
}
