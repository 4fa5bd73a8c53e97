import type { TokenCredential } from "@azure/core-auth";
// Types only: the SDK and its AMQP stack take ~100 ms to load (measured in the shipped bundle), and
// only the queue path's sends need it; the client itself is created on the first send.
import type * as ServiceBus from "@azure/service-bus";
import type { RetryOptions, ServiceBusClient } from "@azure/service-bus";
import type { ServiceBusConnectionConfig } from "../config/serviceBusConnection";

/**
 * The SDK's default waits 30 s between three retries: far too long inside an HTTP request or a
 * queue invocation with a deadline. These (with exponential mode) bound one send to roughly a
 * minute in the worst case.
 */
export const defaultServiceBusRetryOptions: Omit<RetryOptions, "mode"> = {
  maxRetries: 3,
  retryDelayInMs: 500,
  maxRetryDelayInMs: 5_000,
  timeoutInMs: 15_000,
};

/**
 * The longest one SDK operation can take under these retry options: every attempt timing out,
 * with the longest wait between attempts either retry mode allows (the SDK's defaults where unset).
 * The SDK does not keep to it everywhere (see ServiceBusQueueSender), so the sender holds it to it.
 */
export function worstCaseOperationMs(retryOptions: Omit<RetryOptions, "mode"> = defaultServiceBusRetryOptions): number {
  const retries = retryOptions.maxRetries ?? 3;
  const longestWait = Math.max(retryOptions.retryDelayInMs ?? 30_000, retryOptions.maxRetryDelayInMs ?? 90_000);
  return (retries + 1) * (retryOptions.timeoutInMs ?? 60_000) + retries * longestWait;
}

export interface ServiceBusClientOptions {
  readonly retryOptions?: RetryOptions;
}

function loadServiceBus(): typeof ServiceBus {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first send, not when the app starts
  return require("@azure/service-bus") as typeof ServiceBus;
}

/** A client for the configured namespace: by connection string when there is one, else with the app's identity. */
export function createServiceBusClient(connection: ServiceBusConnectionConfig, credential: TokenCredential, options: ServiceBusClientOptions = {}): ServiceBusClient {
  const serviceBus = loadServiceBus();
  const clientOptions = { retryOptions: options.retryOptions ?? { mode: serviceBus.RetryMode.Exponential, ...defaultServiceBusRetryOptions } };
  return connection.kind === "connectionString"
    ? new serviceBus.ServiceBusClient(connection.connectionString, clientOptions)
    : new serviceBus.ServiceBusClient(connection.fullyQualifiedNamespace, credential, clientOptions);
}
