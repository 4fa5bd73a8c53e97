import type { NationalCloud } from "../clouds/nationalCloud";
import { ConfigError } from "./configError";
import type { SettingReader } from "./settingReader";

/** The name the queue trigger's `connection` and the app's sender both resolve. */
export const serviceBusConnectionSetting = "ServiceBusConnection";

export type ServiceBusConnectionConfig =
  /** A connection string (the Service Bus emulator's form, or a test peer): used when present. */
  | { readonly kind: "connectionString"; readonly connectionString: string; readonly endpoint: string }
  /** Identity-based, as in Azure: the namespace, reached with the app's managed identity. */
  | { readonly kind: "identity"; readonly fullyQualifiedNamespace: string; readonly clientId?: string };

const hostName = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

function connectionStringParts(value: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of value.split(";")) {
    const equals = part.indexOf("=");
    if (equals > 0) parts.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
  }
  return parts;
}

// A connection string holds a key: errors describe what is wrong, never echo the value.
function readConnectionString(value: string): ServiceBusConnectionConfig {
  const parts = connectionStringParts(value);
  const endpointText = parts.get("endpoint");
  let endpoint: URL | undefined;
  try {
    endpoint = endpointText === undefined ? undefined : new URL(endpointText);
  } catch {
    endpoint = undefined;
  }
  if (endpoint?.protocol !== "sb:" || endpoint.hostname === "") {
    throw new ConfigError(serviceBusConnectionSetting, "is not a Service Bus connection string: expected Endpoint=sb://<host>/;SharedAccessKeyName=...;SharedAccessKey=... (value not shown).");
  }
  const hasKey = parts.has("sharedaccesskeyname") && parts.has("sharedaccesskey");
  if (!hasKey && !parts.has("sharedaccesssignature")) {
    throw new ConfigError(serviceBusConnectionSetting, "has no SharedAccessKeyName and SharedAccessKey (or SharedAccessSignature) (value not shown).");
  }
  return { kind: "connectionString", connectionString: value, endpoint: endpoint.host };
}

/**
 * The Functions host's rule for a connection named `ServiceBusConnection`, which the app's sender
 * follows too so both always talk to the same namespace: a plain setting holding a connection
 * string wins; otherwise `__fullyQualifiedNamespace` with the managed identity. Undefined when
 * neither is set: the webhook still runs, the batch endpoint answers 503 and the host reports the
 * queue trigger in error.
 *
 * `appClientId` is the user-assigned identity Graph uses (AZURE_CLIENT_ID); the trigger must use
 * the same one, so a `__clientId` naming another identity, or missing when Graph uses a
 * user-assigned one, is refused rather than discovered as a 401 at the first message.
 */
export function readServiceBusConnection(settings: SettingReader, cloud: NationalCloud, appClientId: string | undefined): ServiceBusConnectionConfig | undefined {
  const connectionString = settings.optionalString(serviceBusConnectionSetting);
  if (connectionString !== undefined) {
    return readConnectionString(connectionString);
  }
  const namespaceSetting = `${serviceBusConnectionSetting}__fullyQualifiedNamespace`;
  const namespace = settings.optionalString(namespaceSetting)?.toLowerCase();
  if (namespace === undefined) {
    return undefined;
  }
  if (!hostName.test(namespace)) {
    throw new ConfigError(namespaceSetting, `${JSON.stringify(namespace)} is not a host name; expected <namespace>.${cloud.serviceBusSuffix} (no scheme, port or path).`);
  }
  if (!namespace.endsWith(`.${cloud.serviceBusSuffix}`)) {
    throw new ConfigError(namespaceSetting, `${namespace} is not a Service Bus namespace of cloud ${cloud.name}: it must end in .${cloud.serviceBusSuffix}.`);
  }
  const credentialSetting = `${serviceBusConnectionSetting}__credential`;
  const credential = settings.optionalString(credentialSetting);
  if (credential !== undefined && credential.toLowerCase() !== "managedidentity") {
    throw new ConfigError(credentialSetting, `${JSON.stringify(credential)} is not accepted; the only accepted value is managedidentity.`);
  }
  const clientIdSetting = `${serviceBusConnectionSetting}__clientId`;
  const clientId = settings.optionalString(clientIdSetting)?.toLowerCase();
  if (clientId !== appClientId) {
    throw new ConfigError(
      clientIdSetting,
      appClientId === undefined
        ? "must not be set while AZURE_CLIENT_ID is absent: the app reaches Graph and Service Bus with one identity (the system-assigned one here)."
        : `must be ${appClientId}, the AZURE_CLIENT_ID Graph uses, with ${credentialSetting}=managedidentity: the app reaches Graph and Service Bus with one identity.`,
    );
  }
  if (clientId !== undefined && credential === undefined) {
    throw new ConfigError(credentialSetting, "must be managedidentity when __clientId is set; otherwise the Functions host ignores the client id.");
  }
  return clientId === undefined ? { kind: "identity", fullyQualifiedNamespace: namespace } : { kind: "identity", fullyQualifiedNamespace: namespace, clientId };
}
