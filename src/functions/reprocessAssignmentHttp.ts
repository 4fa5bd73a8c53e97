import { app, type HttpHandler } from "@azure/functions";
import type { AppServices } from "../appServices";
import { withDeadline } from "../shared/withDeadline";
import { outcomeEventIds } from "../core/telemetry";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import { errorResponse } from "./errorResponse";
import { outcomeResponse } from "./outcomeResponse";

export const reprocessAssignmentRoute = "assignments/{id}/reprocess";

/** Azure's front end drops HTTP requests at 230 s: answer (503) before that, never time out. */
const httpDeadlineMs = 220_000;

export type ReprocessAssignmentHttpDependencies = Pick<AppServices, "reprocessor" | "telemetry" | "config">;

/** POST /api/assignments/{id}/reprocess: one assignment, answered with the core's outcome. */
export function createReprocessAssignmentHttpHandler(dependencies: ReprocessAssignmentHttpDependencies): HttpHandler {
  const { reprocessor, telemetry, config } = dependencies;
  return async (request, context) => {
    const started = performance.now();
    try {
      const outcome = await withDeadline(httpDeadlineMs, ({ abortSignal }) => reprocessor.reprocess(request.params.id, { abortSignal }));
      const response = outcomeResponse(outcome);
      const ids = outcomeEventIds(outcome);
      telemetry.trackOutcome({
        outcome: outcome.kind,
        source: "http",
        cloud: config.graph.cloud.name,
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

export function registerReprocessAssignmentHttp(services: ReprocessAssignmentHttpDependencies): void {
  app.http("reprocessAssignment", {
    route: reprocessAssignmentRoute,
    methods: ["POST"],
    authLevel: "function",
    handler: withInvocationTraceContext(createReprocessAssignmentHttpHandler(services)),
  });
}
