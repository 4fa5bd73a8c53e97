import type { VerifyTarget } from "../queue/queueMessage";

/**
 * What an item's state says about a reprocess Graph accepted: `delivered`, still `inProgress`
 * (worth reading again later), or `notDelivered` (it ended any other way; waiting will not help).
 */
export type DeliveryProgress = "delivered" | "inProgress" | "notDelivered";

// An assignment is delivering while the platform applies it. A state Graph adds later
// (unknownFutureValue, or none at all) is read again until the bound: parking it at once would
// call a new in-between state a failure.
const assignmentInProgress: ReadonlySet<string> = new Set(["delivering", "unknownFutureValue", "unknown"]);

// A request passes through these before it is delivered: submitted, waiting for approval,
// scheduled to start later, then delivering.
const requestInProgress: ReadonlySet<string> = new Set(["submitted", "pendingApproval", "scheduled", "delivering", "unknownFutureValue", "unknown"]);

export function deliveryProgress(target: VerifyTarget, state: string): DeliveryProgress {
  if (state === "delivered") return "delivered";
  const inProgress = target === "assignment" ? assignmentInProgress : requestInProgress;
  return inProgress.has(state) ? "inProgress" : "notDelivered";
}
