// The CLI's composition root: what its commands are built from. The CLI is an adapter and reaches
// no graph/, serviceBus/ or identity/ module itself; the Functions bundle never loads this file.
import type { ServiceBusClient } from "@azure/service-bus";
import type { AppConfig } from "./config/appConfig";
import { ConfigError } from "./config/configError";
import { serviceBusConnectionSetting } from "./config/serviceBusConnection";
import { GraphPermissionClient } from "./graph/graphPermissionClient";
import { createCredential } from "./identity/createCredential";
import type { QueueSender } from "./queue/queueSender";
import { createServiceBusClient } from "./serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "./serviceBus/serviceBusQueueSender";

/**
 * The credential could not get a token: the Service Bus client throws it as @azure/identity raised
 * it (a Graph call answers tokenUnavailable instead), and the CLI reports it as a sign-in problem.
 */
export { isCredentialFailure } from "./graph/isCredentialFailure";

/** The namespace the app uses, as the CLI's queue commands reach it: one client for sends and receives. */
export interface CliServiceBus {
  readonly client: ServiceBusClient;
  /** The app's own sender (explicit ids, size-limited batches, QueueSendError), on `client`. */
  readonly sender: QueueSender;
  close(): Promise<void>;
}

/**
 * Connects the way the app does (ServiceBusConnection, or `__fullyQualifiedNamespace` with the
 * configured credential), so the CLI can never write to a namespace the app does not read.
 */
export function openCliServiceBus(config: AppConfig): CliServiceBus {
  const connection = config.serviceBus;
  if (connection === undefined) {
    throw new ConfigError(
      serviceBusConnectionSetting,
      `is not set: set it to the namespace's connection string, or set ${serviceBusConnectionSetting}__fullyQualifiedNamespace=<namespace>.servicebus.windows.net to sign in with your credential.`,
    );
  }
  const client = createServiceBusClient(connection, createCredential(config.credential));
  const sender = new ServiceBusQueueSender(() => client);
  return {
    client,
    sender,
    // The client owns every link, the sender's included; the sender only closes it after a send.
    close: () => client.close(),
  };
}

/** The Graph client `grant-permission` grants through, with the configured credential and Graph settings. */
export function createPermissionClient(config: AppConfig): GraphPermissionClient {
  return new GraphPermissionClient({
    baseUrl: config.graph.baseUrl,
    scope: config.graph.scope,
    credential: createCredential(config.credential),
    inlineRetryBudgetMs: config.graph.inlineRetryBudgetMs,
    maxInlineRetries: config.graph.maxInlineRetries,
    requestTimeoutMs: config.graph.requestTimeoutMs,
  });
}
