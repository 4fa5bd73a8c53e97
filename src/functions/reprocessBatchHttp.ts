import { app, type HttpHandler, type HttpResponseInit } from "@azure/functions";
import type { Telemetry } from "../core/telemetry";
import { withDeadline } from "../shared/withDeadline";
import { batchMessages } from "../queue/batchMessages";
import { parseBatchRequest, type BatchRequest, type RejectedAssignmentId } from "../queue/batchRequest";
import { isQueueSendError } from "../queue/queueSendError";
import type { QueueSender } from "../queue/queueSender";
import { requestIdFromIdempotencyKey } from "../queue/requestId";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import { errorResponse } from "./errorResponse";
import type { HttpAuthentication } from "./httpAuthentication";
import { readLimitedBody } from "./limitedBody";

export const reprocessBatchRoute = "reprocess";

export const maxBatchBodyBytes = 1024 * 1024;

/** Well inside the front end's 230 s: a slow Service Bus answers 503, never a dropped request. */
const sendDeadlineMs = 60_000;
// The host hands the worker a body it has already received, so reading it takes no time; the
// deadline only keeps a stream that never ends from holding the invocation.
const bodyReadDeadlineMs = 30_000;

/** How long a caller should wait before retrying when Service Bus could not take the messages. */
const serviceBusRetryAfterSeconds = "30";

export interface ReprocessBatchHttpDependencies {
  /** Undefined when Service Bus is not configured: the endpoint then answers 503. */
  readonly queueSender: QueueSender | undefined;
  readonly telemetry: Telemetry;
  /** The queue messages go to: REPROCESS_QUEUE_NAME. */
  readonly queueName: string;
}

function rejectedDetails(rejected: readonly RejectedAssignmentId[]): { code: string; message: string; target: string }[] {
  return rejected.map((item) => ({ code: item.reason, message: item.message, target: item.id }));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** What the 202 says was accepted: the ids enqueued and those refused, or the expand's scope. */
function acceptedBody(requestId: string, batch: BatchRequest): Record<string, unknown> {
  const refused = (rejected: readonly RejectedAssignmentId[]) => rejected.map(({ id, reason, message }) => ({ id, reason, message }));
  switch (batch.kind) {
    case "ids":
      return { requestId, accepted: batch.assignmentIds, rejected: refused(batch.rejected) };
    case "requestIds":
      return { requestId, accepted: batch.assignmentRequestIds, rejected: refused(batch.rejected) };
    case "filter":
      return { requestId, accepted: [], rejected: [], filter: batch.filter };
    case "catalog":
      return { requestId, accepted: [], rejected: [], catalogId: batch.catalogId };
  }
}

/**
 * POST /api/reprocess: enqueues up to 1000 assignment or assignment request ids, or one expand for
 * a filter or a catalog, and answers
 * 202 with what was accepted. The work happens on the queue; this only validates and sends.
 */
export function createReprocessBatchHttpHandler(dependencies: ReprocessBatchHttpDependencies): HttpHandler {
  const { queueSender, telemetry, queueName } = dependencies;
  return async (request, context): Promise<HttpResponseInit> => {
    const body = await withDeadline(bodyReadDeadlineMs, ({ abortSignal }) => readLimitedBody(request, { limitBytes: maxBatchBodyBytes, abortSignal }));
    if (!body.ok) {
      return body.reason === "tooLarge"
        ? errorResponse(413, "requestTooLarge", `The body is larger than ${maxBatchBodyBytes} bytes; send at most 1000 ids per request.`)
        : errorResponse(400, "invalidJson", "The body is not UTF-8 text.");
    }
    const json = parseJson(body.text);
    if (!json.ok) {
      return errorResponse(400, "invalidJson", "The body is not valid JSON.");
    }
    const key = requestIdFromIdempotencyKey(request.headers.get("idempotency-key"));
    if (!key.ok) {
      return errorResponse(400, "invalidIdempotencyKey", key.message);
    }
    const parsed = parseBatchRequest(json.value);
    if (!parsed.ok) {
      return errorResponse(400, parsed.code, parsed.message, {}, parsed.rejected === undefined ? undefined : rejectedDetails(parsed.rejected));
    }
    if (queueSender === undefined) {
      return errorResponse(503, "serviceBusNotConfigured", "This app has no Service Bus connection (ServiceBusConnection), so it cannot accept batch requests.");
    }
    const { requestId } = key;
    const messages = batchMessages(requestId, parsed.request);
    try {
      await withDeadline(sendDeadlineMs, ({ abortSignal }) => queueSender.send(queueName, messages, { abortSignal }));
    } catch (error) {
      if (isQueueSendError(error)) {
        context.warn("batch not fully enqueued", { requestId, sent: error.sentCount, of: messages.length, error: error.message });
        return errorResponse(
          503,
          "serviceBusUnavailable",
          `Service Bus did not take the messages (${error.sentCount} of ${messages.length} sent). Retry with the same Idempotency-Key (${requestId}): messages already sent are not sent twice.`,
          { "retry-after": serviceBusRetryAfterSeconds },
        );
      }
      context.error("batch failed unexpectedly", error instanceof Error ? error.name : "unknown");
      return errorResponse(500, "internalError", "The request could not be processed; it is safe to retry with the same Idempotency-Key.");
    }
    telemetry.trackQueueAction({ action: "enqueued", source: "http", messageId: requestId, attempt: 1, count: messages.length });
    context.info("batch enqueued", { requestId, messages: messages.length });
    return { status: 202, jsonBody: acceptedBody(requestId, parsed.request) };
  };
}

export function registerReprocessBatchHttp(dependencies: ReprocessBatchHttpDependencies, httpAuth: HttpAuthentication): void {
  app.http("reprocessBatch", {
    route: reprocessBatchRoute,
    methods: ["POST"],
    authLevel: httpAuth.authLevel,
    handler: withInvocationTraceContext(httpAuth.protect(createReprocessBatchHttpHandler, dependencies)),
  });
}
