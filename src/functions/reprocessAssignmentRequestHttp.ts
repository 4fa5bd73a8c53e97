import { app, type HttpHandler } from "@azure/functions";
import type { NationalCloudName } from "../clouds/nationalCloud";
import type { AssignmentRequestReprocessor } from "../core/assignmentRequestReprocessor";
import type { Telemetry } from "../core/telemetry";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import type { HttpAuthentication } from "./httpAuthentication";
import type { WebhookVerification } from "./webhookVerification";
import { createOutcomeHttpHandler } from "./outcomeHttpHandler";
import { assignmentRequestErrorCodes } from "./outcomeResponse";

export const reprocessAssignmentRequestRoute = "assignmentRequests/{id}/reprocess";

export interface ReprocessAssignmentRequestHttpDependencies {
  readonly requestReprocessor: Pick<AssignmentRequestReprocessor, "reprocess">;
  readonly telemetry: Telemetry;
  readonly cloud: NationalCloudName;
  /** Service Bus configured and verification on: each 202 is followed by a verify message. */
  readonly verification?: WebhookVerification | undefined;
}

/** POST /api/assignmentRequests/{id}/reprocess: one failed request, answered with the core's outcome. */
export function createReprocessAssignmentRequestHttpHandler(dependencies: ReprocessAssignmentRequestHttpDependencies): HttpHandler {
  const { requestReprocessor, telemetry, cloud, verification } = dependencies;
  return createOutcomeHttpHandler({ reprocess: (rawId, options) => requestReprocessor.reprocess(rawId, options), codes: assignmentRequestErrorCodes, telemetry, cloud, verification });
}

export function registerReprocessAssignmentRequestHttp(dependencies: ReprocessAssignmentRequestHttpDependencies, httpAuth: HttpAuthentication): void {
  app.http("reprocessAssignmentRequest", {
    route: reprocessAssignmentRequestRoute,
    methods: ["POST"],
    authLevel: httpAuth.authLevel,
    handler: withInvocationTraceContext(httpAuth.protect(createReprocessAssignmentRequestHttpHandler, dependencies)),
  });
}
