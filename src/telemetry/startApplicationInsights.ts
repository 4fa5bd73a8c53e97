import { metrics, trace } from "@opentelemetry/api";
// Types only: a static import would load the package (~650 ms, ~75 MB) even with telemetry off.
import type * as ApplicationInsights from "applicationinsights";
import type { TelemetryConfig } from "../config/telemetryConfig";
import { ApplicationInsightsTelemetry } from "./applicationInsightsTelemetry";
import { createIngestionCredential } from "./createIngestionCredential";
import { createSecretScrubbingSpanProcessor } from "./secretScrubbingSpanProcessor";
import type { Telemetry } from "../core/telemetry";
import { instrumentationScope } from "./telemetryNames";

export interface StartedApplicationInsights {
  readonly telemetry: Telemetry;
  /** Sends whatever is still batched; the exporters otherwise send every few seconds. */
  flush(): Promise<void>;
}

function loadApplicationInsights(): typeof ApplicationInsights {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured, and synchronously, so it is set up before the entry module goes on to load anything else
  return require("applicationinsights") as typeof ApplicationInsights;
}

function instrumentHttpModules(): void {
  // The http instrumentation patches http/https in place when they are next required. The
  // package has already loaded them itself (its exporter sends over https), so without this the
  // patch would never happen and no outgoing call would be recorded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required for the side effect described above
  require("node:http");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  require("node:https");
}

/**
 * Sets up Application Insights for the whole process: call once, at cold start, before anything
 * sends a request. Process-global by nature (it registers the OpenTelemetry providers).
 */
export function startApplicationInsights(config: TelemetryConfig): StartedApplicationInsights {
  const appInsights = loadApplicationInsights();
  const credential = createIngestionCredential(config.authentication);
  appInsights
    .setup(config.connectionString)
    .setAzureMonitorOptions({
      azureMonitorExporterOptions: credential === undefined ? { connectionString: config.connectionString } : { connectionString: config.connectionString, credential },
      // Every outcome is an audit record: no sampling of traces, and events are never dropped
      // because the trace they belong to was. The rate-limited default would drop most of a burst.
      samplingRatio: 1,
      tracesPerSecond: 0,
      enableTraceBasedSamplingForLogs: false,
      instrumentationOptions: {
        http: { enabled: true },
        azureSdk: { enabled: true },
        mongoDb: { enabled: false },
        mySql: { enabled: false },
        postgreSql: { enabled: false },
        redis: { enabled: false },
        redis4: { enabled: false },
      },
      spanProcessors: [createSecretScrubbingSpanProcessor()],
    })
    // The Functions host already records invocations, failures, logs and Live Metrics; the worker
    // collecting them again would double the bill and the noise.
    .setAutoCollectConsole(false, false)
    .setAutoCollectExceptions(false)
    .setAutoCollectPerformance(false, false)
    .setSendLiveMetrics(false)
    .start();
  instrumentHttpModules();
  const client = appInsights.defaultClient;
  return {
    telemetry: new ApplicationInsightsTelemetry({ events: client, tracer: trace.getTracer(instrumentationScope), meter: metrics.getMeter(instrumentationScope) }),
    flush: () => client.flush(),
  };
}
