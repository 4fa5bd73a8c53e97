// The FIRST import of src/index.ts, on purpose: importing this module sets Application Insights up
// (when APPLICATIONINSIGHTS_CONNECTION_STRING is set) before the app loads its HTTP clients, once
// per process. Without a connection string it loads nothing and reports nowhere.
import { loadTelemetryConfig } from "../config/telemetryConfig";
import { startApplicationInsights } from "./startApplicationInsights";
import { noTelemetry, type Telemetry } from "../core/telemetry";

const config = loadTelemetryConfig(process.env);
const started = config === undefined ? undefined : startApplicationInsights(config);

/** The process's Telemetry: Application Insights when configured, otherwise noTelemetry. */
export const coldStartTelemetry: Telemetry = started?.telemetry ?? noTelemetry;

/** Sends what is still batched (the host calls this before it stops the worker). */
export function flushColdStartTelemetry(): Promise<void> {
  return started === undefined ? Promise.resolve() : started.flush();
}
