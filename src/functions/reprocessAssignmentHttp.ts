import { app, type HttpHandler } from "@azure/functions";
import type { AssignmentReprocessor } from "../core/assignmentReprocessor";
import { errorResponse } from "./errorResponse";
import { outcomeResponse } from "./outcomeResponse";

export const reprocessAssignmentRoute = "assignments/{id}/reprocess";

/** Azure's front end drops HTTP requests at 230 s: answer (503) before that, never time out. */
const httpDeadlineMs = 220_000;

/** POST /api/assignments/{id}/reprocess: one assignment, answered with the core's outcome. */
export function createReprocessAssignmentHttpHandler(reprocessor: AssignmentReprocessor): HttpHandler {
  return async (request, context) => {
    try {
      const outcome = await reprocessor.reprocess(request.params.id, { abortSignal: AbortSignal.timeout(httpDeadlineMs) });
      const logged = outcome.kind === "invalidId" ? { outcome: outcome.kind } : { outcome: outcome.kind, assignmentId: outcome.assignmentId, ...outcome.graph };
      context.info("reprocess outcome", logged);
      return outcomeResponse(outcome);
    } catch (error) {
      context.error("reprocess failed unexpectedly", error instanceof Error ? error.name : "unknown");
      return errorResponse(500, "internalError", "The request could not be processed; it is safe to retry.");
    }
  };
}

export function registerReprocessAssignmentHttp(reprocessor: AssignmentReprocessor): void {
  app.http("reprocessAssignment", {
    route: reprocessAssignmentRoute,
    methods: ["POST"],
    authLevel: "function",
    handler: createReprocessAssignmentHttpHandler(reprocessor),
  });
}
