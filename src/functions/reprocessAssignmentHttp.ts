import { app, type HttpHandler } from "@azure/functions";
import type { NationalCloudName } from "../clouds/nationalCloud";
import type { AssignmentReprocessor } from "../core/assignmentReprocessor";
import type { Telemetry } from "../core/telemetry";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import type { HttpAuthentication } from "./httpAuthentication";
import type { WebhookVerification } from "./webhookVerification";
import { createOutcomeHttpHandler } from "./outcomeHttpHandler";
import { assignmentErrorCodes } from "./outcomeResponse";

export const reprocessAssignmentRoute = "assignments/{id}/reprocess";

export interface ReprocessAssignmentHttpDependencies {
  readonly reprocessor: Pick<AssignmentReprocessor, "reprocess">;
  readonly telemetry: Telemetry;
  /** Named in every outcome event, so one workspace can hold several clouds' apps. */
  readonly cloud: NationalCloudName;
  /** Service Bus configured and verification on: each 202 is followed by a verify message. */
  readonly verification?: WebhookVerification | undefined;
}

/** POST /api/assignments/{id}/reprocess: one assignment, answered with the core's outcome. */
export function createReprocessAssignmentHttpHandler(dependencies: ReprocessAssignmentHttpDependencies): HttpHandler {
  const { reprocessor, telemetry, cloud, verification } = dependencies;
  return createOutcomeHttpHandler({ reprocess: (rawId, options) => reprocessor.reprocess(rawId, options), codes: assignmentErrorCodes, telemetry, cloud, verification });
}

export function registerReprocessAssignmentHttp(dependencies: ReprocessAssignmentHttpDependencies, httpAuth: HttpAuthentication): void {
  app.http("reprocessAssignment", {
    route: reprocessAssignmentRoute,
    methods: ["POST"],
    authLevel: httpAuth.authLevel,
    handler: withInvocationTraceContext(httpAuth.protect(createReprocessAssignmentHttpHandler, dependencies)),
  });
}
