import type { ServiceBusClient } from "@azure/service-bus";
import type { AppConfig } from "../config/appConfig";
import { ConfigError } from "../config/configError";
import { serviceBusConnectionSetting } from "../config/serviceBusConnection";
import { createCredential } from "../identity/createCredential";
import { createServiceBusClient } from "../serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "../serviceBus/serviceBusQueueSender";

/** The namespace the app uses, as the queue commands reach it: one client for sends and receives. */
export interface CliServiceBus {
  readonly client: ServiceBusClient;
  /** The app's own sender (explicit ids, size-limited batches, QueueSendError), on `client`. */
  readonly sender: ServiceBusQueueSender;
  close(): Promise<void>;
}

/**
 * Connects the way the app does (ServiceBusConnection, or `__fullyQualifiedNamespace` with the
 * command's credential), so the CLI can never write to a namespace the app does not read.
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
