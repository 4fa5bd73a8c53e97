import type { ScriptedReprocess } from "./scriptedReprocess";

// The v1.0 accessPackageAssignment `state` values; `unknownFutureValue` is an evolvable-enum
// sentinel Graph never stores on an assignment, so it is not seedable.
export const assignmentStates = [
  "delivering",
  "partiallyDelivered",
  "delivered",
  "expired",
  "deliveryFailed",
] as const;

export type AssignmentState = (typeof assignmentStates)[number];

export interface EmulatedAssignment {
  readonly id: string;
  readonly state: AssignmentState;
  readonly accessPackageId: string;
  readonly targetObjectId: string;
  /**
   * What an accepted reprocess does. Default: nothing visible, the assignment stays delivered,
   * as the emulator always did; scripted, it is delivering until the scripted state takes over.
   */
  readonly afterReprocess?: ScriptedReprocess | undefined;
}
