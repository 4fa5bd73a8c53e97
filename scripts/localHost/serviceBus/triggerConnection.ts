import { DefaultAzureCredential } from "@azure/identity";
import { ServiceBusClient } from "@azure/service-bus";

/**
 * A client for the trigger's `connection` setting, read as the host reads it: the setting itself
 * is a connection string, or `<connection>__fullyQualifiedNamespace` names a namespace reached
 * with an identity (locally, as Core Tools does, the developer's: DefaultAzureCredential).
 */
export function triggerServiceBusClient(connection: string, settings: Readonly<Record<string, string | undefined>>): ServiceBusClient {
  // Short attempts: the host keeps its receiver retrying forever, and so does the subscription here.
  const retryOptions = { maxRetries: 5, retryDelayInMs: 500, maxRetryDelayInMs: 5_000, timeoutInMs: 15_000 };
  const connectionString = settings[connection];
  if (connectionString !== undefined && connectionString !== "") return new ServiceBusClient(connectionString, { retryOptions });
  const namespace = settings[`${connection}__fullyQualifiedNamespace`];
  if (namespace !== undefined && namespace !== "") {
    const clientId = settings[`${connection}__clientId`];
    return new ServiceBusClient(namespace, new DefaultAzureCredential(clientId === undefined || clientId === "" ? {} : { managedIdentityClientId: clientId }), { retryOptions });
  }
  throw new Error(`The Service Bus connection '${connection}' is not configured: set ${connection} (a connection string) or ${connection}__fullyQualifiedNamespace.`);
}
