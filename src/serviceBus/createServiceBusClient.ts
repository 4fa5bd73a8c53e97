import type { TokenCredential } from "@azure/core-auth";
import { RetryMode, ServiceBusClient, type RetryOptions } from "@azure/service-bus";
import type { ServiceBusConnectionConfig } from "../config/serviceBusConnection";

/**
 * The SDK's default waits 30 s between three retries: far too long inside an HTTP request or a
 * queue invocation with a deadline. These bound one send to roughly a minute in the worst case.
 */
export const defaultServiceBusRetryOptions: RetryOptions = {
  mode: RetryMode.Exponential,
  maxRetries: 3,
  retryDelayInMs: 500,
  maxRetryDelayInMs: 5_000,
  timeoutInMs: 15_000,
};

export interface ServiceBusClientOptions {
  readonly retryOptions?: RetryOptions;
}

/** A client for the configured namespace: by connection string when there is one, else with the app's identity. */
export function createServiceBusClient(connection: ServiceBusConnectionConfig, credential: TokenCredential, options: ServiceBusClientOptions = {}): ServiceBusClient {
  const clientOptions = { retryOptions: options.retryOptions ?? defaultServiceBusRetryOptions };
  return connection.kind === "connectionString"
    ? new ServiceBusClient(connection.connectionString, clientOptions)
    : new ServiceBusClient(connection.fullyQualifiedNamespace, credential, clientOptions);
}
