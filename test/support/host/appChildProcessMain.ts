// Runs in a child process (node --import tsx): wires the app from process.env exactly as
// src/index.ts does, then calls its HTTP handlers when the parent asks over IPC. The parent sees
// what the app writes to stdout and stderr untouched, because nothing else here writes to them.
import { HttpRequest, HttpResponse, type HttpHandler, type HttpRequestInit } from "@azure/functions";
import { ManagedIdentityCredential } from "@azure/identity";
import { createAppServices } from "../../../src/appServices";
import { loadAppConfig } from "../../../src/config/appConfig";
import { createReprocessAssignmentHttpHandler } from "../../../src/functions/reprocessAssignmentHttp";
import { createReprocessAssignmentRequestHttpHandler } from "../../../src/functions/reprocessAssignmentRequestHttp";
import type { Telemetry } from "../../../src/core/telemetry";
import type { AppChildAnswer, AppChildRequest } from "./appChildProtocol";
import { createInvocationContext } from "./functionInvocation";

const telemetryEvents: unknown[] = [];
const telemetry: Telemetry = {
  trackOutcome: (event) => telemetryEvents.push(event),
  trackGraphCall: (record) => telemetryEvents.push(record),
  trackQueueAction: (event) => telemetryEvents.push(event),
  trackHealSweep: (event) => telemetryEvents.push(event),
  trackVerification: (event) => telemetryEvents.push(event),
};

const services = createAppServices(loadAppConfig(process.env), { telemetry });

// One entry per HTTP function, by its registered name; new endpoints add theirs here.
const httpHandlers: Readonly<Record<string, HttpHandler>> = {
  reprocessAssignment: createReprocessAssignmentHttpHandler({ ...services, cloud: services.config.graph.cloud.name }),
  reprocessAssignmentRequest: createReprocessAssignmentRequestHttpHandler({ ...services, cloud: services.config.graph.cloud.name }),
};

async function invoke(functionName: string, init: HttpRequestInit): Promise<AppChildAnswer> {
  const handler = httpHandlers[functionName];
  if (handler === undefined) throw new Error(`No HTTP handler named ${functionName}`);
  const { context, logs } = createInvocationContext({ functionName });
  const result = await handler(new HttpRequest({ method: "POST", url: "http://localhost:7071/api/test", ...init }), context);
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  return { kind: "answer", status: response.status, headers: [...response.headers], body: await response.text(), logs: [...logs] };
}

async function answer(request: AppChildRequest): Promise<AppChildAnswer> {
  switch (request.kind) {
    case "invoke":
      return invoke(request.functionName, request.init);
    case "token": {
      // Same client id as the app's credential, so MSAL answers from the token cache it shares
      // process-wide: this is the very token the app sent to Graph.
      const clientId = services.config.credential.kind === "managedIdentity" ? services.config.credential.clientId : undefined;
      const credential = clientId === undefined ? new ManagedIdentityCredential() : new ManagedIdentityCredential({ clientId });
      const token = await credential.getToken(services.config.graph.scope);
      return { kind: "token", token: token.token };
    }
    case "telemetry":
      return { kind: "telemetry", events: JSON.stringify(telemetryEvents) };
  }
}

process.on("message", (message: { readonly seq: number; readonly request: AppChildRequest }) => {
  answer(message.request).then(
    (reply) => process.send?.({ seq: message.seq, reply }),
    (error: unknown) => process.send?.({ seq: message.seq, failure: error instanceof Error ? error.name : "unknown" }),
  );
});
process.send?.({ seq: 0, reply: { kind: "ready" } });
