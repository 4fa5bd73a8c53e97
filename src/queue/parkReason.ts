/**
 * Why a message was parked, in the `reason` property an operator filters on: `malformed` for a
 * body that is not a message, an outcome kind for what Graph said, `attemptsExhausted` when Graph
 * stayed throttled or unavailable through REPROCESS_MAX_ATTEMPTS attempts.
 */
export type ParkReason = "malformed" | "invalidId" | "notFound" | "notDelivered" | "notReprocessable" | "forbidden" | "failed" | "attemptsExhausted";
