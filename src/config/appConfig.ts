import { getNationalCloud, nationalCloudNames, type NationalCloud } from "../clouds/nationalCloud";
import { isCanonicalGuid } from "../shared/guid";
import { ConfigError } from "./configError";
import { resolveGraphBaseUrl } from "./graphBaseUrl";
import { readHealConfig, type HealConfig } from "./healConfig";
import { readReprocessQueueConfig, type ReprocessQueueConfig } from "./reprocessQueueConfig";
import { readServiceBusConnection, type ServiceBusConnectionConfig } from "./serviceBusConnection";
import { SettingReader, type Environment } from "./settingReader";

export interface GraphConfig {
  readonly cloud: NationalCloud;
  /** Graph root (no trailing slash, no version); the client appends `/v1.0`. */
  readonly baseUrl: string;
  /** Always the cloud's scope, even when `baseUrl` points at an emulator. */
  readonly scope: string;
  readonly inlineRetryBudgetMs: number;
  readonly maxInlineRetries: number;
  readonly requestTimeoutMs: number;
}

export type CredentialConfig =
  | { readonly kind: "managedIdentity"; readonly clientId?: string }
  | { readonly kind: "azureCli"; readonly tenantId?: string };

export interface ReprocessConfig {
  /** Check `state eq delivered` before calling reprocess on id-based requests. */
  readonly checkStateFirst: boolean;
}

export interface AppConfig {
  readonly graph: GraphConfig;
  readonly credential: CredentialConfig;
  readonly reprocess: ReprocessConfig;
  readonly queue: ReprocessQueueConfig;
  /** Undefined when no Service Bus connection is configured: the queue path is then unavailable. */
  readonly serviceBus: ServiceBusConnectionConfig | undefined;
  readonly heal: HealConfig;
}

const credentialKinds = ["managedIdentity", "azureCli"] as const;

function readClientId(settings: SettingReader): string | undefined {
  const clientId = settings.optionalString("AZURE_CLIENT_ID");
  if (clientId !== undefined && !isCanonicalGuid(clientId.toLowerCase())) {
    throw new ConfigError("AZURE_CLIENT_ID", "must be the client id (a GUID) of the user-assigned managed identity.");
  }
  return clientId?.toLowerCase();
}

function readCredential(settings: SettingReader): CredentialConfig {
  // App Service and Functions set IDENTITY_ENDPOINT when an identity is attached and
  // WEBSITE_INSTANCE_ID on every instance: inside Azure only a managed identity may be used.
  const inAzure = settings.optionalString("IDENTITY_ENDPOINT") !== undefined || settings.optionalString("WEBSITE_INSTANCE_ID") !== undefined;
  const kind = settings.oneOf("GRAPH_CREDENTIAL", credentialKinds, inAzure ? "managedIdentity" : "azureCli");
  if (kind === "azureCli") {
    if (inAzure) {
      throw new ConfigError("GRAPH_CREDENTIAL", "azureCli is refused inside Azure (WEBSITE_INSTANCE_ID or IDENTITY_ENDPOINT is set); use managedIdentity.");
    }
    const tenantId = settings.optionalString("AZURE_TENANT_ID");
    return tenantId === undefined ? { kind } : { kind, tenantId };
  }
  if (settings.optionalString("IDENTITY_ENDPOINT") === undefined && settings.optionalString("MSI_ENDPOINT") === undefined) {
    throw new ConfigError(
      "IDENTITY_ENDPOINT",
      "is not set, so no managed identity is attached to this app. Attach the user-assigned identity (and set AZURE_CLIENT_ID), or run locally with GRAPH_CREDENTIAL=azureCli.",
    );
  }
  const clientId = readClientId(settings);
  return clientId === undefined ? { kind } : { kind, clientId };
}

/** Reads and validates every setting once; throws a ConfigError naming the first bad one. */
export function loadAppConfig(env: Environment): AppConfig {
  const settings = new SettingReader(env);
  const cloud = getNationalCloud(settings.oneOf("GRAPH_CLOUD", nationalCloudNames));
  const graph: GraphConfig = {
    cloud,
    baseUrl: resolveGraphBaseUrl(settings.optionalString("GRAPH_BASE_URL"), cloud),
    scope: cloud.graphScope,
    inlineRetryBudgetMs: settings.integer("GRAPH_INLINE_RETRY_BUDGET_MS", { defaultValue: 10_000, min: 0, max: 120_000 }),
    maxInlineRetries: settings.integer("GRAPH_MAX_INLINE_RETRIES", { defaultValue: 3, min: 0, max: 10 }),
    requestTimeoutMs: settings.integer("GRAPH_REQUEST_TIMEOUT_MS", { defaultValue: 15_000, min: 100, max: 120_000 }),
  };
  const credential = readCredential(settings);
  const serviceBus = readServiceBusConnection(settings, cloud, credential.kind === "managedIdentity" ? credential.clientId : undefined);
  return {
    graph,
    credential,
    reprocess: { checkStateFirst: settings.boolean("REPROCESS_CHECK_STATE", true) },
    queue: readReprocessQueueConfig(settings),
    serviceBus,
    heal: readHealConfig(settings, serviceBus !== undefined),
  };
}
