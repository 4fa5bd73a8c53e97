import type { HttpResponseInit } from "@azure/functions";
import type { ReprocessOutcome } from "../core/reprocessOutcome";
import type { RequestReprocessOutcome } from "../core/requestReprocessOutcome";
import { errorResponse } from "./errorResponse";

/** When the core has no Retry-After to pass on, tell the caller to wait this long. */
const defaultRetryAfterSeconds = 30;

/** The error codes that name what was being reprocessed; every other code is shared. */
export interface OutcomeErrorCodes {
  readonly invalidId: string;
  readonly notFound: string;
}

export const assignmentErrorCodes: OutcomeErrorCodes = { invalidId: "invalidAssignmentId", notFound: "assignmentNotFound" };
export const assignmentRequestErrorCodes: OutcomeErrorCodes = { invalidId: "invalidAssignmentRequestId", notFound: "assignmentRequestNotFound" };

type AnyOutcome = ReprocessOutcome | RequestReprocessOutcome;

function graphIdHeaders(outcome: AnyOutcome): Record<string, string> {
  if (outcome.kind === "invalidId") {
    return {};
  }
  const headers: Record<string, string> = { "client-request-id": outcome.graph.clientRequestId };
  if (outcome.graph.requestId !== undefined) {
    headers["request-id"] = outcome.graph.requestId;
  }
  return headers;
}

function retryAfterHeader(retryAfterMs: number | undefined): Record<string, string> {
  return { "retry-after": String(retryAfterMs === undefined ? defaultRetryAfterSeconds : Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}

/** The HTTP contract of the webhooks, one status per outcome kind, for assignments and requests alike. */
export function outcomeResponse(outcome: AnyOutcome, codes: OutcomeErrorCodes = assignmentErrorCodes): HttpResponseInit {
  const ids = graphIdHeaders(outcome);
  switch (outcome.kind) {
    case "accepted":
      return { status: 202, headers: ids };
    case "invalidId":
      return errorResponse(400, codes.invalidId, outcome.reason);
    case "notFound":
      return errorResponse(404, codes.notFound, outcome.message, ids);
    case "notDelivered":
      return errorResponse(409, "assignmentNotDelivered", outcome.message, ids);
    case "notReprocessable":
      return errorResponse(409, "requestNotReprocessable", outcome.message, ids);
    case "throttled":
      return errorResponse(429, "graphThrottled", `${outcome.message} Try again after the Retry-After delay.`, { ...ids, ...retryAfterHeader(outcome.retryAfterMs) });
    case "unavailable":
      return errorResponse(503, "graphUnavailable", `${outcome.message} Try again after the Retry-After delay.`, { ...ids, ...retryAfterHeader(outcome.retryAfterMs) });
    case "forbidden":
      return errorResponse(502, "graphForbidden", outcome.message, ids);
    case "failed":
      return errorResponse(502, "graphFailed", outcome.message, ids);
  }
}
