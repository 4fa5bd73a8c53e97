import type { HttpResponseInit } from "@azure/functions";
import type { ReprocessOutcome } from "../core/reprocessOutcome";
import { errorResponse } from "./errorResponse";

/** When the core has no Retry-After to pass on, tell the caller to wait this long. */
const defaultRetryAfterSeconds = 30;

function graphIdHeaders(outcome: ReprocessOutcome): Record<string, string> {
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

/** The HTTP contract of the webhook, one status per outcome kind. */
export function outcomeResponse(outcome: ReprocessOutcome): HttpResponseInit {
  const ids = graphIdHeaders(outcome);
  switch (outcome.kind) {
    case "accepted":
      return { status: 202, headers: ids };
    case "invalidId":
      return errorResponse(400, "invalidAssignmentId", outcome.reason);
    case "notFound":
      return errorResponse(404, "assignmentNotFound", outcome.message, ids);
    case "notDelivered":
      return errorResponse(409, "assignmentNotDelivered", outcome.message, ids);
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
