import type { TokenCredential } from "@azure/core-auth";
import { ManagedIdentityCredential } from "@azure/identity";
import type { IngestionAuthentication } from "../config/telemetryConfig";

/**
 * Undefined means instrumentation-key ingestion. The exporter asks this credential for the
 * connection string's AADAudience (or the public monitor.azure.com scope when it has none), so the
 * token audience follows the cloud the connection string names.
 */
export function createIngestionCredential(authentication: IngestionAuthentication): TokenCredential | undefined {
  switch (authentication.kind) {
    case "instrumentationKey":
      return undefined;
    case "managedIdentity":
      return authentication.clientId === undefined ? new ManagedIdentityCredential() : new ManagedIdentityCredential({ clientId: authentication.clientId });
  }
}
