// The entry the Functions host loads (package.json "main"): set telemetry up, read the
// configuration once, fail fast on a bad setting, then register every function.
// coldStartTelemetry must stay the first import: Application Insights has to be set up before
// anything below loads an HTTP client, or outgoing calls go unrecorded.
import { coldStartTelemetry, flushColdStartTelemetry } from "./telemetry/coldStartTelemetry";
import { app } from "@azure/functions";
import { createAppServices } from "./appServices";
import { loadAppConfig } from "./config/appConfig";
import { registerHealSweepTimer } from "./functions/healSweepTimer";
import { registerGetAssignmentHttp } from "./functions/getAssignmentHttp";
import { registerGetAssignmentRequestHttp } from "./functions/getAssignmentRequestHttp";
import { createHttpAuthentication } from "./functions/httpAuthentication";
import { registerReprocessAssignmentHttp } from "./functions/reprocessAssignmentHttp";
import { registerReprocessAssignmentRequestHttp } from "./functions/reprocessAssignmentRequestHttp";
import { registerReprocessBatchHttp } from "./functions/reprocessBatchHttp";
import { registerReprocessQueue } from "./functions/reprocessQueue";

const services = createAppServices(loadAppConfig(process.env), { telemetry: coldStartTelemetry });

// Telemetry is batched for a few seconds: send the rest before the host stops the worker.
app.hook.appTerminate(() => flushColdStartTelemetry());

// Each function gets only what it uses, so none of them depends on the wiring.
const { reprocessor, requestReprocessor, deliveryReader, telemetry, queueSender, queueProcessor, config } = services;
// HTTP_AUTH decides, once for every HTTP route, whether the host checks keys or the app checks tokens.
const httpAuth = createHttpAuthentication(config.httpAuth);
// Each webhook 202 is followed by a verify on the queue, when there is a queue and verification is on.
const verification =
  queueSender === undefined || config.queue.verification === undefined ? undefined : { sender: queueSender, queueName: config.queue.queueName, config: config.queue.verification };
registerReprocessAssignmentHttp({ reprocessor, telemetry, cloud: config.graph.cloud.name, verification }, httpAuth);
registerReprocessAssignmentRequestHttp({ requestReprocessor, telemetry, cloud: config.graph.cloud.name, verification }, httpAuth);
registerGetAssignmentHttp({ reader: deliveryReader, telemetry }, httpAuth);
registerGetAssignmentRequestHttp({ reader: deliveryReader, telemetry }, httpAuth);
registerReprocessBatchHttp({ queueSender, telemetry, queueName: config.queue.queueName }, httpAuth);
registerReprocessQueue({ queueProcessor });

// HEAL_SCHEDULE empty is the sweep's off switch: registering it anyway would leave the host an
// unresolvable %HEAL_SCHEDULE% and the function in error. AzureWebJobs.healSweep.Disabled also works.
if (config.heal.schedule === undefined) {
  console.log("HEAL_SCHEDULE is not set: the heal sweep is off.");
} else {
  registerHealSweepTimer({ queueSender, queueName: config.queue.queueName, telemetry, settings: config.heal });
}

if (services.config.serviceBus === undefined) {
  // Not fatal: the webhook works without a queue. Said once, at start-up, where operators look.
  console.warn(
    "ServiceBusConnection is not set (neither a connection string nor ServiceBusConnection__fullyQualifiedNamespace): POST /api/reprocess answers 503 and the host cannot start the reprocessQueue trigger.",
  );
}
