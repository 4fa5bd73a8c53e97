import { app, type HttpHandler } from "@azure/functions";
import type { NationalCloudName } from "../clouds/nationalCloud";
import type { AssignmentReprocessor } from "../core/assignmentReprocessor";
import { withDeadline } from "../shared/withDeadline";
import { outcomeEventIds, type Telemetry } from "../core/telemetry";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import { errorResponse } from "./errorResponse";
import type { HttpAuthentication } from "./httpAuthentication";
import { outcomeResponse } from "./outcomeResponse";

export const reprocessAssignmentRoute = "assignments/{id}/reprocess";

/** Azure's front end drops HTTP requests at 230 s: answer (503) before that, never time out. */
const httpDeadlineMs = 220_000;

export interface ReprocessAssignmentHttpDependencies {
  readonly reprocessor: Pick<AssignmentReprocessor, "reprocess">;
  readonly telemetry: Telemetry;
  /** Named in every outcome event, so one workspace can hold several clouds' apps. */
  readonly cloud: NationalCloudName;
}

/** POST /api/assignments/{id}/reprocess: one assignment, answered with the core's outcome. */
export function createReprocessAssignmentHttpHandler(dependencies: ReprocessAssignmentHttpDependencies): HttpHandler {
  const { reprocessor, telemetry, cloud } = dependencies;
  return async (request, context) => {
    const started = performance.now();
    try {
      const outcome = await withDeadline(httpDeadlineMs, ({ abortSignal }) => reprocessor.reprocess(request.params.id, { abortSignal }));
      const response = outcomeResponse(outcome);
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
      return response;
    } catch (error) {
      context.error("reprocess failed unexpectedly", error instanceof Error ? error.name : "unknown");
      return errorResponse(500, "internalError", "The request could not be processed; it is safe to retry.");
    }
  };
}

export function registerReprocessAssignmentHttp(dependencies: ReprocessAssignmentHttpDependencies, httpAuth: HttpAuthentication): void {
  app.http("reprocessAssignment", {
    route: reprocessAssignmentRoute,
    methods: ["POST"],
    authLevel: httpAuth.authLevel,
    handler: withInvocationTraceContext(httpAuth.protect(createReprocessAssignmentHttpHandler, dependencies)),
  });
}
