import type { HttpHandler } from "@azure/functions";
import type { NationalCloudName } from "../clouds/nationalCloud";
import type { ReprocessOutcome } from "../core/reprocessOutcome";
import type { RequestReprocessOutcome } from "../core/requestReprocessOutcome";
import { outcomeEventIds, type Telemetry } from "../core/telemetry";
import { withDeadline } from "../shared/withDeadline";
import { errorResponse } from "./errorResponse";
import { outcomeResponse, type OutcomeErrorCodes } from "./outcomeResponse";
import { sendWebhookVerify, type WebhookVerification } from "./webhookVerification";

/** Azure's front end drops HTTP requests at 230 s: answer (503) before that, never time out. */
const httpDeadlineMs = 220_000;

export interface OutcomeHttpHandlerOptions {
  /** The core operation, called with the route's `{id}` as the caller sent it. */
  readonly reprocess: (rawId: unknown, options: { readonly abortSignal: AbortSignal }) => Promise<ReprocessOutcome | RequestReprocessOutcome>;
  readonly codes: OutcomeErrorCodes;
  readonly telemetry: Telemetry;
  /** Named in every outcome event, so one workspace can hold several clouds' apps. */
  readonly cloud: NationalCloudName;
  /** Set when every 202 is to be followed by a verify on the queue. */
  readonly verification?: WebhookVerification | undefined;
}

/**
 * The one shape of every single-id reprocess webhook: the route's id to the core, the outcome to
 * a response, one outcome event and one log line. Only the operation and its error codes differ.
 */
export function createOutcomeHttpHandler(options: OutcomeHttpHandlerOptions): HttpHandler {
  const { reprocess, codes, telemetry, cloud, verification } = options;
  return async (request, context) => {
    const started = performance.now();
    try {
      const outcome = await withDeadline(httpDeadlineMs, ({ abortSignal }) => reprocess(request.params.id, { abortSignal }));
      const response = outcomeResponse(outcome, codes);
      const ids = outcomeEventIds(outcome);
      telemetry.trackOutcome({
        outcome: outcome.kind,
        source: "http",
        cloud,
        ...ids,
        httpStatus: response.status ?? 200,
        attempt: 1,
        durationMs: performance.now() - started,
      });
      context.info(`reprocess ${outcome.kind}`, { status: response.status, ...ids });
      if (outcome.kind !== "accepted" || verification === undefined) return response;
      const verifyId = await sendWebhookVerify(verification, {
        target: "assignmentId" in outcome ? "assignment" : "assignmentRequest",
        id: "assignmentId" in outcome ? outcome.assignmentId : outcome.assignmentRequestId,
        clientRequestId: outcome.graph.clientRequestId,
        telemetry,
        context,
      });
      // Tells the caller whether the app will confirm delivery itself, or whether it should poll.
      return { ...response, headers: { ...(response.headers as Record<string, string> | undefined), verification: verifyId === undefined ? "notScheduled" : "scheduled" } };
    } catch (error) {
      context.error("reprocess failed unexpectedly", error instanceof Error ? error.name : "unknown");
      return errorResponse(500, "internalError", "The request could not be processed; it is safe to retry.");
    }
  };
}
