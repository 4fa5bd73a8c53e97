import { app, type HttpHandler } from "@azure/functions";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";
import { createDeliveryStatusHttpHandler, type DeliveryStatusHttpDependencies } from "./deliveryStatusHttpHandler";
import type { HttpAuthentication } from "./httpAuthentication";
import { assignmentRequestErrorCodes } from "./outcomeResponse";

export const getAssignmentRequestRoute = "assignmentRequests/{id}";

/** GET /api/assignmentRequests/{id}: the assignment request's state as Graph reports it now, for callers that poll. */
export function createGetAssignmentRequestHttpHandler(dependencies: DeliveryStatusHttpDependencies): HttpHandler {
  return createDeliveryStatusHttpHandler({ ...dependencies, target: "assignmentRequest", codes: assignmentRequestErrorCodes });
}

export function registerGetAssignmentRequestHttp(dependencies: DeliveryStatusHttpDependencies, httpAuth: HttpAuthentication): void {
  app.http("getAssignmentRequest", {
    route: getAssignmentRequestRoute,
    methods: ["GET"],
    authLevel: httpAuth.authLevel,
    handler: withInvocationTraceContext(httpAuth.protect(createGetAssignmentRequestHttpHandler, dependencies)),
  });
}
