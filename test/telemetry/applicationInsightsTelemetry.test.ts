import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeEvent, QueueActionEvent } from "../../src/core/telemetry";
import { GraphEmulator } from "../support/graph/graphEmulator";
import { IngestionEndpoint, type TelemetryEnvelope } from "../support/ingestionEndpoint";
import { runAppInFreshProcess, type AppRun } from "../support/host/runAppInFreshProcess";

const delivered = "11111111-1111-4111-8111-111111111111";
const unknown = "66666666-6666-4666-8666-666666666666";
const queued = "22222222-2222-4222-8222-222222222222";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const instrumentationKey = randomUUID();
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Trace {
  readonly traceId: string;
  readonly parentId: string;
  readonly traceParent: string;
}

function newTrace(): Trace {
  const traceId = randomBytes(16).toString("hex");
  const parentId = randomBytes(8).toString("hex");
  return { traceId, parentId, traceParent: `00-${traceId}-${parentId}-01` };
}

const acceptedTrace = newTrace();
const notFoundTrace = newTrace();
const queueTrace = newTrace();
const serviceBusKey = randomBytes(32).toString("base64");
// Credentials some future outgoing call could carry in its URL: a Functions key and a SAS signature.
const functionKey = randomBytes(24).toString("hex");
const sasSignature = randomBytes(24).toString("hex");

const queueOutcome: OutcomeEvent = {
  outcome: "throttled",
  source: "queue",
  cloud: "Global",
  assignmentId: queued,
  httpStatus: 429,
  attempt: 3,
  graphRequestId: randomUUID(),
  clientRequestId: randomUUID(),
  durationMs: 12.5,
};
const scheduled: QueueActionEvent = { action: "scheduled", source: "queue", messageId: `req-1:${queued}`, assignmentId: queued, reason: "throttled", attempt: 3, delayMs: 30_000 };
const parked: QueueActionEvent = { action: "parked", source: "expand", messageId: "req-1:page-2", reason: "graphForbidden", attempt: 1 };

/** The one envelope a test is about; its absence fails the test with what was looked for. */
function found(envelope: TelemetryEnvelope | undefined, what: string): TelemetryEnvelope {
  if (envelope === undefined) {
    throw new Error(`No ${what} reached the ingestion endpoint`);
  }
  return envelope;
}

function baseData(envelope: TelemetryEnvelope): Readonly<Record<string, unknown>> {
  return envelope.data.baseData;
}

function properties(envelope: TelemetryEnvelope): Readonly<Record<string, string>> {
  return (baseData(envelope).properties ?? {}) as Record<string, string>;
}

describe("Application Insights telemetry, as received by the ingestion endpoint", () => {
  let emulator: GraphEmulator;
  let ingestion: IngestionEndpoint;
  let run: AppRun;
  let envelopes: TelemetryEnvelope[];

  const events = (name: string) => envelopes.filter((envelope) => envelope.name === "Microsoft.ApplicationInsights.Event" && baseData(envelope).name === name);
  const dependencies = () => envelopes.filter((envelope) => envelope.name === "Microsoft.ApplicationInsights.RemoteDependency");
  const graphDependency = (name: string, traceId: string) =>
    found(
      dependencies().find((envelope) => baseData(envelope).name === name && envelope.tags["ai.operation.id"] === traceId),
      `${name} dependency in operation ${traceId}`,
    );
  const metric = (name: string) =>
    envelopes.filter((envelope) => envelope.name === "Microsoft.ApplicationInsights.Metric").flatMap((envelope) => ((baseData(envelope).metrics ?? []) as { name: string; value: number; count: number }[]).filter((point) => point.name === name).map((point) => ({ ...point, properties: properties(envelope) })));
  const outcomeEvent = (traceId: string) =>
    found(
      events("AssignmentReprocessOutcome").find((envelope) => envelope.tags["ai.operation.id"] === traceId),
      `outcome event in operation ${traceId}`,
    );

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ assignments: [{ id: delivered, state: "delivered", accessPackageId: pkg, targetObjectId: pkg }] });
    // One throttled answer first, so the reprocess call spends an inline retry.
    emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 1 } });
    ingestion = await IngestionEndpoint.start();
    run = await runAppInFreshProcess(
      {
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString(instrumentationKey),
        GRAPH_CLOUD: "Global",
        GRAPH_BASE_URL: emulator.baseUrl,
        GRAPH_CREDENTIAL: "managedIdentity",
        IDENTITY_ENDPOINT: emulator.identityEndpoint,
        IDENTITY_HEADER: emulator.identityHeader,
        AZURE_CLIENT_ID: randomUUID(),
        // Nothing listens there; here so a leak of it anywhere in the process would show. Verification
        // is off, so the webhook's 202 sends nothing to it (the webhook tests cover that send).
        ServiceBusConnection: `Endpoint=sb://127.0.0.1:5671/;SharedAccessKeyName=send;SharedAccessKey=${serviceBusKey}`,
        REPROCESS_VERIFY_AFTER_MS: "0",
      },
      {
        http: [
          { functionName: "reprocessAssignment", params: { id: delivered }, traceParent: acceptedTrace.traceParent },
          { functionName: "reprocessAssignment", params: { id: unknown }, traceParent: notFoundTrace.traceParent },
        ],
        queue: [{ traceParent: queueTrace.traceParent, outcome: queueOutcome, actions: [scheduled, parked] }],
        probeUrls: [`${emulator.baseUrl}/probe?code=${functionKey}&sv=2024-11-04&sig=${sasSignature}`],
      },
    );
    envelopes = ingestion.envelopes();
  });
  afterAll(async () => {
    await emulator.close();
    await ingestion.close();
  });

  it("runs the app to the end without an error", () => {
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.result?.responses.map((response) => response.status)).toEqual([202, 404]);
  });

  it("loads Application Insights when a connection string is set", () => {
    expect(run.result?.applicationInsightsLoaded).toBe(true);
  });

  it("sends every batch to POST /v2.1/track with the connection string's instrumentation key", () => {
    expect(ingestion.strayRequests).toEqual([]);
    expect(ingestion.batches.length).toBeGreaterThan(0);
    expect(new Set(envelopes.map((envelope) => envelope.iKey))).toEqual(new Set([instrumentationKey]));
  });

  it("sends no Authorization header when the connection string's instrumentation key is the credential", () => {
    expect(ingestion.batches.map((batch) => batch.headers.authorization)).toEqual(ingestion.batches.map(() => undefined));
  });

  it("records an HTTP invocation's outcome as an AssignmentReprocessOutcome event with its properties", () => {
    const event = outcomeEvent(acceptedTrace.traceId);
    const response = run.result?.responses[0];
    expect(properties(event)).toEqual({
      assignmentId: delivered,
      outcome: "accepted",
      httpStatus: "202",
      attempt: "1",
      source: "http",
      cloud: "Global",
      graphRequestId: response?.headers["request-id"],
      clientRequestId: response?.headers["client-request-id"],
    });
    expect(baseData(event).measurements).toEqual({ durationMs: expect.any(Number) as number });
  });

  it("records a failed HTTP invocation's outcome with the status it answered", () => {
    expect(properties(outcomeEvent(notFoundTrace.traceId))).toMatchObject({ assignmentId: unknown, outcome: "notFound", httpStatus: "404", source: "http" });
  });

  it("records a queue invocation's outcome with source queue and the attempt it reports", () => {
    expect(properties(outcomeEvent(queueTrace.traceId))).toEqual({
      assignmentId: queued,
      outcome: "throttled",
      httpStatus: "429",
      attempt: "3",
      source: "queue",
      cloud: "Global",
      graphRequestId: queueOutcome.graphRequestId,
      clientRequestId: queueOutcome.clientRequestId,
    });
  });

  it("records scheduling and parking as AssignmentQueueAction events in the queue invocation's operation", () => {
    const actions = events("AssignmentQueueAction");
    expect(actions.map((envelope) => envelope.tags["ai.operation.id"])).toEqual([queueTrace.traceId, queueTrace.traceId]);
    expect(actions.map(properties)).toEqual([
      { action: "scheduled", source: "queue", messageId: scheduled.messageId, assignmentId: queued, reason: "throttled", attempt: "3" },
      { action: "parked", source: "expand", messageId: parked.messageId, reason: "graphForbidden", attempt: "1" },
    ]);
    expect(actions.map((envelope) => baseData(envelope).measurements)).toEqual([{ delayMs: 30_000 }, {}]);
  });

  it("records the reprocess call as a Graph dependency with target, result code, retries and Graph's ids", () => {
    const dependency = graphDependency("Graph reprocessAssignment", acceptedTrace.traceId);
    expect(baseData(dependency)).toMatchObject({ type: "Http", target: new URL(emulator.baseUrl).host, resultCode: "202", success: true });
    expect(properties(dependency)).toMatchObject({
      operation: "reprocessAssignment",
      retries: "1",
      graphRequestId: run.result?.responses[0]?.headers["request-id"],
      clientRequestId: run.result?.responses[0]?.headers["client-request-id"],
    });
  });

  it("records a Graph call that failed with Graph's status as its result code", () => {
    const dependency = graphDependency("Graph getAssignment", notFoundTrace.traceId);
    expect(baseData(dependency)).toMatchObject({ resultCode: "404", success: false });
    expect(properties(dependency).clientRequestId).toMatch(guidPattern);
  });

  it("gives an invocation's event and Graph dependencies the trace id of its traceparent as operation id", () => {
    const items = [outcomeEvent(acceptedTrace.traceId), graphDependency("Graph getAssignment", acceptedTrace.traceId), graphDependency("Graph reprocessAssignment", acceptedTrace.traceId)];
    expect(items.map((item) => item.tags["ai.operation.id"])).toEqual([acceptedTrace.traceId, acceptedTrace.traceId, acceptedTrace.traceId]);
  });

  it("parents an invocation's event and dependencies to the host's span in its traceparent", () => {
    const items = [outcomeEvent(acceptedTrace.traceId), graphDependency("Graph reprocessAssignment", acceptedTrace.traceId)];
    expect(items.map((item) => item.tags["ai.operation.parentId"])).toEqual([acceptedTrace.parentId, acceptedTrace.parentId]);
  });

  it("records each outgoing HTTP attempt too, in the invocation's operation, including the throttled one", () => {
    const attempts = dependencies().filter((envelope) => envelope.tags["ai.operation.id"] === acceptedTrace.traceId && String(baseData(envelope).name).startsWith("POST /v1.0/"));
    expect(attempts.map((envelope) => baseData(envelope).resultCode).sort()).toEqual(["202", "429"]);
  });

  it("propagates the invocation's trace to Graph in a traceparent header", () => {
    const posts = emulator.requests.filter((request) => request.method === "POST");
    expect(posts.length).toBe(2);
    expect(posts.every((request) => request.headers.traceparent?.startsWith(`00-${acceptedTrace.traceId}-`))).toBe(true);
  });

  it("counts outcomes by kind and source in the AssignmentReprocessOutcomes metric", () => {
    const points = metric("AssignmentReprocessOutcomes").map((point) => ({ ...point.properties, value: point.value }));
    expect(points).toEqual(
      expect.arrayContaining([
        { outcome: "accepted", source: "http", cloud: "Global", value: 1 },
        { outcome: "notFound", source: "http", cloud: "Global", value: 1 },
        { outcome: "throttled", source: "queue", cloud: "Global", value: 1 },
      ]),
    );
  });

  it("records Graph latency by operation and result code in the GraphCallDuration metric", () => {
    const points = metric("GraphCallDuration");
    expect(points.map((point) => point.properties)).toEqual(expect.arrayContaining([{ operation: "reprocessAssignment", resultCode: "202" }, { operation: "getAssignment", resultCode: "404" }]));
    expect(points.every((point) => point.count >= 1 && point.value > 0)).toBe(true);
  });

  it("records an outgoing URL with its credential query values replaced by REDACTED", () => {
    const probe = found(
      dependencies().find((envelope) => baseData(envelope).name === "GET /probe"),
      "GET /probe dependency",
    );
    expect(baseData(probe).data).toBe(`${emulator.baseUrl}/probe?code=REDACTED&sv=2024-11-04&sig=REDACTED`);
  });

  describe("never sends a secret", () => {
    const secrets = (): [string, string][] => [
      ["a JWT (every bearer token is one)", "eyJ"],
      ["a Bearer authorization value", "Bearer"],
      ["an Authorization header", "authorization"],
      ["the IDENTITY_HEADER value", emulator.identityHeader],
      ["the x-identity-header name", "x-identity-header"],
      ["the Service Bus SharedAccessKey", serviceBusKey],
      ["a SharedAccessKey setting", "SharedAccessKey"],
      ["an access_token field", "access_token"],
      ["a Functions key in an outgoing URL", functionKey],
      ["a SAS signature in an outgoing URL", sasSignature],
    ];

    it("in any byte sent to the ingestion endpoint", () => {
      const wire = Buffer.concat(ingestion.batches.flatMap((batch) => [batch.raw, batch.body])).toString("latin1").toLowerCase();
      for (const [label, secret] of secrets()) {
        expect(wire.includes(secret.toLowerCase()), label).toBe(false);
      }
    });

    it("in any log line the handlers wrote", () => {
      const logs = JSON.stringify(run.result?.logs).toLowerCase();
      expect(run.result?.logs.length).toBeGreaterThan(0);
      for (const [label, secret] of secrets()) {
        expect(logs.includes(secret.toLowerCase()), label).toBe(false);
      }
    });
  });
});
