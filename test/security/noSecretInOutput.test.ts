import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reprocessAssignmentRoute } from "../../src/functions/reprocessAssignmentHttp";
import type { AppChildAnswer } from "../support/host/appChildProtocol";
import { AppInChildProcess } from "../support/host/appInChildProcess";
import { assignmentStates } from "../support/graph/emulatedAssignment";
import type { FaultRule } from "../support/graph/fault";
import { functionRouteUrl } from "../support/host/functionRouteUrl";
import { GraphEmulator } from "../support/graph/graphEmulator";
import { findSecrets } from "../support/secretScanner";
import { seedAssignments } from "../support/graph/seedAssignments";
import { testCertificate } from "../support/testCertificate";

type Answer = Extract<AppChildAnswer, { kind: "answer" }>;

const seeded = seedAssignments({ count: assignmentStates.length, scope: 0x5ec2e7, states: assignmentStates });
const idIn = (state: string): string => seeded.find((assignment) => assignment.state === state)?.id ?? "";

// Values the app holds or could read, each unmistakable, so finding one anywhere is a leak. The
// connection strings are not read by the webhook: they stand for whatever secret settings the app
// gains, and prove that nothing dumps its environment.
const canaries = {
  identityHeader: `identity-header-canary-${randomBytes(12).toString("hex")}`,
  storageKey: randomBytes(64).toString("base64"),
  serviceBusKey: randomBytes(32).toString("base64"),
  clientSecret: `client-secret-canary-${randomBytes(12).toString("hex")}`,
};

interface Scenario {
  readonly name: string;
  readonly id: string;
  readonly status: number;
  readonly fault?: FaultRule;
  readonly identityFailure?: boolean;
}

// One per outcome the webhook can reach, plus a managed identity endpoint failure.
const scenarios: readonly Scenario[] = [
  { name: "the managed identity endpoint failing", id: idIn("delivered"), status: 503, identityFailure: true },
  { name: "accepted", id: idIn("delivered"), status: 202 },
  { name: "an invalid id", id: "not-a-guid", status: 400 },
  { name: "an unknown assignment", id: randomUUID(), status: 404 },
  { name: "a non-delivered assignment", id: idIn("expired"), status: 409 },
  { name: "Graph unavailable", id: idIn("delivered"), status: 503, fault: { fault: { kind: "status", status: 503 } } },
  { name: "Graph resetting the connection", id: idIn("delivered"), status: 503, fault: { fault: { kind: "reset" } } },
  { name: "Graph timing out", id: idIn("delivered"), status: 503, fault: { fault: { kind: "delay", delayMs: 3_000 } } },
  { name: "Graph refusing the token", id: idIn("delivered"), status: 502, fault: { fault: { kind: "status", status: 401 } } },
  { name: "Graph forbidding the call", id: idIn("delivered"), status: 502, fault: { fault: { kind: "status", status: 403 } } },
  { name: "Graph failing oddly", id: idIn("delivered"), status: 502, fault: { fault: { kind: "status", status: 418, body: "<html>teapot</html>", contentType: "text/html" } } },
  // Last: a 429 pauses every Graph call of the instance until its Retry-After (client-side
  // pacing), so any scenario after it would be answered 429 without reaching Graph.
  { name: "Graph throttling", id: idIn("delivered"), status: 429, fault: { fault: { kind: "throttle", retryAfterSeconds: 30 } } },
];

function answerText(answer: Answer): string {
  return [String(answer.status), ...answer.headers.map(([name, value]) => `${name}: ${value}`), answer.body, ...answer.logs.map((log) => `${log.level} ${log.text}`)].join("\n");
}

// The app runs in its own process, wired from its environment as in production, with the Azure
// SDK's own logging at its most verbose, so that everything it or its libraries print is caught.
describe("what the app writes while the webhook goes through every outcome", () => {
  let emulator: GraphEmulator;
  let app: AppInChildProcess;
  let token: string;
  const answers = new Map<string, Answer>();
  let telemetry: string;

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ assignments: seeded, identityHeader: canaries.identityHeader });
    app = await AppInChildProcess.start({
      GRAPH_CLOUD: "Global",
      GRAPH_BASE_URL: emulator.baseUrl,
      GRAPH_CREDENTIAL: "managedIdentity",
      IDENTITY_ENDPOINT: emulator.identityEndpoint,
      IDENTITY_HEADER: canaries.identityHeader,
      AZURE_CLIENT_ID: randomUUID(),
      GRAPH_MAX_INLINE_RETRIES: "0",
      GRAPH_INLINE_RETRY_BUDGET_MS: "0",
      // Long enough for a loaded machine, short enough that the delayed scenario times out quickly.
      GRAPH_REQUEST_TIMEOUT_MS: "1000",
      NODE_EXTRA_CA_CERTS: testCertificate.certPath,
      AZURE_LOG_LEVEL: "verbose",
      AzureWebJobsStorage: `DefaultEndpointsProtocol=https;AccountName=canary;AccountKey=${canaries.storageKey};EndpointSuffix=core.windows.net`,
      ServiceBusConnection: `Endpoint=sb://canary.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${canaries.serviceBusKey}`,
      AZURE_CLIENT_SECRET: canaries.clientSecret,
    });
    for (const scenario of scenarios) {
      emulator.clearFaults();
      if (scenario.identityFailure === true) emulator.failIdentity({ status: 400, times: 1 });
      if (scenario.fault !== undefined) emulator.injectFault(scenario.fault);
      answers.set(scenario.name, await app.invoke("reprocessAssignment", { url: functionRouteUrl(reprocessAssignmentRoute, { id: scenario.id }), params: { id: scenario.id } }));
    }
    emulator.clearFaults();
    token = await app.token();
    telemetry = await app.telemetry();
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  it.each(scenarios)("reaches $status for $name", ({ name, status }) => {
    expect(answers.get(name)?.status).toBe(status);
  });

  it("scans for the very token the app sent to Graph: after the injected failure only one was issued", () => {
    // Two identity requests in all: the failed first one and the one whose token every later call,
    // and the token request above, took from the cache.
    expect(emulator.identityRequests).toHaveLength(2);
    expect(token.split(".")).toHaveLength(3);
  });

  function everything(): string {
    return [app.stdout, app.stderr, telemetry, ...[...answers.values()].map(answerText)].join("\n");
  }

  it("never writes the token or any part of it", () => {
    const [, payload, signature] = token.split(".");
    const text = everything();
    for (const part of [token, payload, signature]) expect(text.includes(part ?? token)).toBe(false);
  });

  it("never writes the identity header", () => {
    expect(everything().includes(canaries.identityHeader)).toBe(false);
  });

  it("never writes a secret setting", () => {
    const text = everything();
    for (const secret of [canaries.storageKey, canaries.serviceBusKey, canaries.clientSecret]) expect(text.includes(secret)).toBe(false);
  });

  it("never writes anything that looks like a credential", () => {
    expect(findSecrets(everything())).toEqual([]);
  });

  it("did write its logs, so the scans above looked at something", () => {
    expect([...answers.values()].every((answer) => answer.logs.length > 0)).toBe(true);
    expect(app.stderr.length).toBeGreaterThan(0);
  });
});
