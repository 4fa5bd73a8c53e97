import { app, type HttpHandler } from "@azure/functions";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import { createDeliveryStatusHttpHandler, type DeliveryStatusHttpDependencies } from "./deliveryStatusHttpHandler";
import type { HttpAuthentication } from "./httpAuthentication";
import { assignmentErrorCodes } from "./outcomeResponse";

export const getAssignmentRoute = "assignments/{id}";

/** GET /api/assignments/{id}: the assignment's state as Graph reports it now, for callers that poll. */
export function createGetAssignmentHttpHandler(dependencies: DeliveryStatusHttpDependencies): HttpHandler {
  return createDeliveryStatusHttpHandler({ ...dependencies, target: "assignment", codes: assignmentErrorCodes });
}

export function registerGetAssignmentHttp(dependencies: DeliveryStatusHttpDependencies, httpAuth: HttpAuthentication): void {
  app.http("getAssignment", {
    route: getAssignmentRoute,
    methods: ["GET"],
    authLevel: httpAuth.authLevel,
    handler: withInvocationTraceContext(httpAuth.protect(createGetAssignmentHttpHandler, dependencies)),
  });
}
