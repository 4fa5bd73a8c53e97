import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/configError";
import { loadTelemetryConfig } from "../../src/config/telemetryConfig";
import { thrownConfigError } from "../support/thrownConfigError";

const connectionString = "InstrumentationKey=0b7e1f8a-5c3d-4e2f-9a6b-1c2d3e4f5a6b;IngestionEndpoint=https://usgovvirginia-1.in.applicationinsights.azure.us/;AADAudience=https://monitor.azure.us/";
const clientId = "8d2e4a61-1b7c-4f35-9e08-c6a3b5d7f912";

function configErrorOf(env: Record<string, string>): ConfigError {
  return thrownConfigError(() => loadTelemetryConfig(env));
}

describe("loadTelemetryConfig", () => {
  it("turns telemetry off when no connection string is set", () => {
    expect(loadTelemetryConfig({})).toBeUndefined();
  });

  it("turns telemetry off when the connection string is blank", () => {
    expect(loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: "  " })).toBeUndefined();
  });

  it("keeps the connection string whole, so its endpoint and audience decide the cloud", () => {
    expect(loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString })?.connectionString).toBe(connectionString);
  });

  it("authenticates with the instrumentation key when no authentication string is set", () => {
    expect(loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString })?.authentication).toEqual({ kind: "instrumentationKey" });
  });

  it("authenticates with the managed identity named by AZURE_CLIENT_ID for Authorization=AAD", () => {
    const config = loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD", AZURE_CLIENT_ID: clientId.toUpperCase() });
    expect(config?.authentication).toEqual({ kind: "managedIdentity", clientId });
  });

  it("prefers the authentication string's ClientId to AZURE_CLIENT_ID", () => {
    const config = loadTelemetryConfig({
      APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${clientId};Authorization=AAD`,
      AZURE_CLIENT_ID: "00000000-0000-4000-8000-0000000000aa",
    });
    expect(config?.authentication).toEqual({ kind: "managedIdentity", clientId });
  });

  it("uses the system-assigned identity for Authorization=AAD when no client id is known", () => {
    const config = loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "authorization=aad" });
    expect(config?.authentication).toEqual({ kind: "managedIdentity" });
  });

  it("refuses an authentication string that does not ask for AAD, naming the setting", () => {
    expect(configErrorOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=Key" }).setting).toBe("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
  });

  it("refuses a ClientId that is not a GUID", () => {
    expect(configErrorOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "ClientId=me;Authorization=AAD" }).setting).toBe("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
  });

  it("refuses a connection string without an instrumentation key, without echoing it", () => {
    const error = configErrorOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: "IngestionEndpoint=https://secret-looking.example/" });
    expect(error.setting).toBe("APPLICATIONINSIGHTS_CONNECTION_STRING");
    expect(error.message).not.toContain("secret-looking");
  });

  it("refuses an instrumentation key that is not a GUID", () => {
    expect(configErrorOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=abc" }).setting).toBe("APPLICATIONINSIGHTS_CONNECTION_STRING");
  });
});
