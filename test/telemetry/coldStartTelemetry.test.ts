import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAppInFreshProcess } from "../support/host/runAppInFreshProcess";

const appSettings = {
  GRAPH_CLOUD: "Global",
  GRAPH_CREDENTIAL: "managedIdentity",
  IDENTITY_ENDPOINT: "http://127.0.0.1:9/msi/token",
  IDENTITY_HEADER: "test-header",
  AZURE_CLIENT_ID: "00000000-0000-4000-8000-0000000000aa",
  // Configured so the app starts without its "Service Bus is not set" warning; never connected here.
  ServiceBusConnection: "Endpoint=sb://127.0.0.1:9;SharedAccessKeyName=k;SharedAccessKey=unused;UseDevelopmentEmulator=true",
};

const portCall = {
  traceParent: `00-${"1".repeat(32)}-${"2".repeat(16)}-01`,
  outcome: { outcome: "accepted", source: "queue", cloud: "Global", attempt: 1, durationMs: 1 },
  actions: [{ action: "enqueued", source: "expand", messageId: "m", attempt: 1, count: 3 }],
} as const;

describe("the telemetry set up at cold start", () => {
  it("never loads applicationinsights when no connection string is set, and reports through the port harmlessly", async () => {
    const run = await runAppInFreshProcess(appSettings, { http: [], queue: [portCall] });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.result?.applicationInsightsLoaded).toBe(false);
  });

  it("refuses to start on a malformed connection string, naming the setting but not its value", async () => {
    const value = `InstrumentationKey=not-a-guid-${randomUUID()}`;
    const run = await runAppInFreshProcess({ ...appSettings, APPLICATIONINSIGHTS_CONNECTION_STRING: value }, { http: [], queue: [] });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("APPLICATIONINSIGHTS_CONNECTION_STRING");
    expect(run.stderr).not.toContain(value);
  });
});
