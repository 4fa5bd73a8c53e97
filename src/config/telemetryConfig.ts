import { isCanonicalGuid } from "../shared/guid";
import { ConfigError } from "./configError";
import { SettingReader, type Environment } from "./settingReader";

const connectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
const authenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

/** How the app proves itself to the ingestion endpoint. */
export type IngestionAuthentication =
  | { readonly kind: "instrumentationKey" }
  /** Entra ID with the app's managed identity; no client id means the system-assigned one. */
  | { readonly kind: "managedIdentity"; readonly clientId?: string };

export interface TelemetryConfig {
  /**
   * Kept whole and handed to the exporter untouched: its IngestionEndpoint and AADAudience are
   * what make telemetry land in the right cloud, so nothing here rebuilds them.
   */
  readonly connectionString: string;
  readonly authentication: IngestionAuthentication;
}

/** `Key=Value;Key=Value` with case-insensitive keys, the format of both App Insights settings. */
function parsePairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of text.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0) {
      pairs.set(part.slice(0, separator).trim().toLowerCase(), part.slice(separator + 1).trim());
    }
  }
  return pairs;
}

function readAuthentication(settings: SettingReader): IngestionAuthentication {
  const text = settings.optionalString(authenticationStringSetting);
  if (text === undefined) {
    return { kind: "instrumentationKey" };
  }
  const pairs = parsePairs(text);
  if (pairs.get("authorization")?.toLowerCase() !== "aad") {
    throw new ConfigError(authenticationStringSetting, "accepted values: Authorization=AAD, or ClientId=<managed identity client id>;Authorization=AAD. Leave it empty to authenticate with the instrumentation key.");
  }
  // Microsoft documents a bare `Authorization=AAD` as the system-assigned identity; this app runs
  // as its user-assigned identity (AZURE_CLIENT_ID), so that is the one a bare value means here.
  const clientId = pairs.get("clientid") ?? settings.optionalString("AZURE_CLIENT_ID");
  if (clientId === undefined) {
    return { kind: "managedIdentity" };
  }
  if (!isCanonicalGuid(clientId.toLowerCase())) {
    throw new ConfigError(authenticationStringSetting, "ClientId (or AZURE_CLIENT_ID) must be the client id (a GUID) of the managed identity.");
  }
  return { kind: "managedIdentity", clientId: clientId.toLowerCase() };
}

/**
 * Undefined when no connection string is set: telemetry is then off and Application Insights is
 * never loaded. Messages never echo the values, which are not for log files.
 */
export function loadTelemetryConfig(env: Environment): TelemetryConfig | undefined {
  const settings = new SettingReader(env);
  const connectionString = settings.optionalString(connectionStringSetting);
  if (connectionString === undefined) {
    return undefined;
  }
  // The exporter refuses a bad key by logging and sending nothing; refusing to start is louder.
  const instrumentationKey = parsePairs(connectionString).get("instrumentationkey");
  if (instrumentationKey === undefined || !isCanonicalGuid(instrumentationKey.toLowerCase())) {
    throw new ConfigError(connectionStringSetting, "must be the Application Insights resource's connection string (InstrumentationKey=<GUID>;IngestionEndpoint=...), copied whole from the resource.");
  }
  return { connectionString, authentication: readAuthentication(settings) };
}
