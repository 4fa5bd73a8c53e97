// The entry the Functions host loads (package.json "main"): read the configuration once, fail fast
// on a bad setting, then register every function.
import { createAppServices } from "./appServices";
import { loadAppConfig } from "./config/appConfig";
import { registerReprocessAssignmentHttp } from "./functions/reprocessAssignmentHttp";
import { registerReprocessBatchHttp } from "./functions/reprocessBatchHttp";
import { registerReprocessQueue } from "./functions/reprocessQueue";

const services = createAppServices(loadAppConfig(process.env));

registerReprocessAssignmentHttp(services);
registerReprocessBatchHttp(services);
registerReprocessQueue(services);

if (services.config.serviceBus === undefined) {
  // Not fatal: the webhook works without a queue. Said once, at start-up, where operators look.
  console.warn(
    "ServiceBusConnection is not set (neither a connection string nor ServiceBusConnection__fullyQualifiedNamespace): POST /api/reprocess answers 503 and the host cannot start the reprocessQueue trigger.",
  );
}
