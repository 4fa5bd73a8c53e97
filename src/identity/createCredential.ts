import type { TokenCredential } from "@azure/core-auth";
import { AzureCliCredential, ManagedIdentityCredential } from "@azure/identity";
import type { CredentialConfig } from "../config/appConfig";

/**
 * Exactly one credential source, chosen by configuration: never a chain, so a missing managed
 * identity in Azure fails loudly instead of quietly trying something else.
 */
export function createCredential(config: CredentialConfig): TokenCredential {
  switch (config.kind) {
    case "managedIdentity":
      return config.clientId === undefined ? new ManagedIdentityCredential() : new ManagedIdentityCredential({ clientId: config.clientId });
    case "azureCli":
      return new AzureCliCredential(config.tenantId === undefined ? {} : { tenantId: config.tenantId });
  }
}
