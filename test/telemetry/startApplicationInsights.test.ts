import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestionEndpoint } from "../support/ingestionEndpoint";
import { ManagedIdentityEndpoint } from "../support/graph/managedIdentityEndpoint";
import { runAppInFreshProcess, type AppRun } from "../support/host/runAppInFreshProcess";
import { decodeJwtClaims } from "../support/graph/unsignedJwt";

const portCall = {
  traceParent: `00-${"3".repeat(32)}-${"4".repeat(16)}-01`,
  outcome: { outcome: "accepted", source: "queue", cloud: "USGov", attempt: 1, durationMs: 1 },
  actions: [],
} as const;

interface EntraRun {
  readonly identity: ManagedIdentityEndpoint;
  readonly ingestion: IngestionEndpoint;
  readonly run: AppRun;
}

/** Runs the app with Entra ingestion auth against its own identity and ingestion endpoints. */
async function runWithEntra(connectionSuffix: string, settings: Readonly<Record<string, string>>): Promise<EntraRun> {
  const [identity, ingestion] = await Promise.all([ManagedIdentityEndpoint.start({}), IngestionEndpoint.start()]);
  const run = await runAppInFreshProcess(
    {
      GRAPH_CLOUD: "USGov",
      GRAPH_CREDENTIAL: "managedIdentity",
      IDENTITY_ENDPOINT: identity.endpoint,
      IDENTITY_HEADER: identity.header,
      APPLICATIONINSIGHTS_CONNECTION_STRING: `${ingestion.connectionString(randomUUID())}${connectionSuffix}`,
      // Configured so the app starts without its "Service Bus is not set" warning; never connected here.
      ServiceBusConnection: "Endpoint=sb://127.0.0.1:9;SharedAccessKeyName=k;SharedAccessKey=unused;UseDevelopmentEmulator=true",
      ...settings,
    },
    { http: [], queue: [portCall] },
  );
  return { identity, ingestion, run };
}

function bearerAudiences(entra: EntraRun): unknown[] {
  return entra.ingestion.batches.map((batch) => {
    const authorization = batch.headers.authorization ?? "";
    return authorization.startsWith("Bearer ") ? decodeJwtClaims(authorization.slice("Bearer ".length))?.aud : undefined;
  });
}

describe("Entra authentication to the ingestion endpoint", () => {
  const sovereignClientId = randomUUID();
  const appClientId = randomUUID();
  let sovereign: EntraRun;
  let global: EntraRun;

  beforeAll(async () => {
    [sovereign, global] = await Promise.all([
      runWithEntra(";AADAudience=https://monitor.azure.us/", { APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${sovereignClientId};Authorization=AAD`, AZURE_CLIENT_ID: appClientId }),
      runWithEntra("", { APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD", AZURE_CLIENT_ID: appClientId }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sovereign, global].flatMap((entra) => [entra.identity.close(), entra.ingestion.close()]));
  });

  it("sends telemetry with the managed identity's bearer token when Authorization=AAD", () => {
    expect(global.run.stderr).toBe("");
    expect(global.ingestion.batches.length).toBeGreaterThan(0);
    expect(bearerAudiences(global).every((audience) => audience === "https://monitor.azure.com")).toBe(true);
  });

  it("asks the identity named by AZURE_CLIENT_ID for the public monitor audience when the connection string names none", () => {
    expect(global.identity.requests).toContainEqual({ resource: "https://monitor.azure.com", clientId: appClientId, headerValid: true });
  });

  it("asks the identity named in the authentication string for the connection string's AADAudience", () => {
    expect(sovereign.run.stderr).toBe("");
    expect(sovereign.ingestion.batches.length).toBeGreaterThan(0);
    expect(sovereign.identity.requests).toContainEqual({ resource: "https://monitor.azure.us/", clientId: sovereignClientId, headerValid: true });
    expect(bearerAudiences(sovereign).every((audience) => audience === "https://monitor.azure.us/")).toBe(true);
  });
});
