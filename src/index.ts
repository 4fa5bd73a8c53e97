// The entry the Functions host loads (package.json "main"): read the configuration once, fail fast
// on a bad setting, then register every function.
import { createAppServices } from "./appServices";
import { loadAppConfig } from "./config/appConfig";
import { registerReprocessAssignmentHttp } from "./functions/reprocessAssignmentHttp";

const services = createAppServices(loadAppConfig(process.env));

registerReprocessAssignmentHttp(services);
