/**
 * Why a message was parked, in the `reason` property an operator filters on: `malformed` for a
 * body that is not a message, an outcome kind for what Graph said, `attemptsExhausted` when Graph
 * stayed throttled or unavailable through REPROCESS_MAX_ATTEMPTS attempts, and
 * `notDeliveredAfterReprocess` when a verify found an accepted reprocess did not deliver (a failed
 * state, or still on its way when the verification's bound ran out).
 */
export type ParkReason =
  | "malformed"
  | "invalidId"
  | "notFound"
  | "notDelivered"
  | "notReprocessable"
  | "forbidden"
  | "failed"
  | "attemptsExhausted"
  | "notDeliveredAfterReprocess";

/** Every reason, in the order operators meet them; `parked --reason` accepts these. */
export const parkReasons: readonly ParkReason[] = [
  "malformed",
  "invalidId",
  "notFound",
  "notDelivered",
  "notReprocessable",
  "forbidden",
  "failed",
  "attemptsExhausted",
  "notDeliveredAfterReprocess",
];
