import type { TokenCredential } from "@azure/core-auth";
import type { RetryOptions } from "@azure/service-bus";
import type { AppConfig } from "./config/appConfig";
import { AssignmentReprocessor } from "./core/assignmentReprocessor";
import { AssignmentRequestReprocessor } from "./core/assignmentRequestReprocessor";
import { DeliveryStatusReader } from "./core/deliveryStatusReader";
import { createGraphRateLimiter } from "./graph/graphRateLimiter";
import { GraphClient } from "./graph/graphClient";
import { createCredential } from "./identity/createCredential";
import { QueueMessageProcessor } from "./core/queueMessageProcessor";
import type { QueueSender } from "./queue/queueSender";
import { createServiceBusClient, worstCaseOperationMs } from "./serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "./serviceBus/serviceBusQueueSender";
import { noTelemetry, type Telemetry } from "./core/telemetry";

export interface AppServices {
  readonly config: AppConfig;
  readonly graph: GraphClient;
  readonly reprocessor: AssignmentReprocessor;
  readonly requestReprocessor: AssignmentRequestReprocessor;
  /** Reads an assignment's or a request's delivery state: the GET routes and `--wait`. */
  readonly deliveryReader: DeliveryStatusReader;
  readonly telemetry: Telemetry;
  /** Undefined when Service Bus is not configured. */
  readonly queueSender: QueueSender | undefined;
  /** Undefined when Service Bus is not configured. */
  readonly queueProcessor: QueueMessageProcessor | undefined;
  /** Closes the Service Bus connection, if one was opened. */
  close(): Promise<void>;
}

export interface AppServicesOptions {
  /** Replaces the configured credential (tests use a fresh one per case). */
  readonly credential?: TokenCredential;
  readonly telemetry?: Telemetry;
  /** Replaces the Service Bus client's retry options (tests fail fast). */
  readonly serviceBusRetryOptions?: RetryOptions;
  /** The clock scheduled retries are computed from (tests use a test clock). */
  readonly now?: () => number;
}

/** Wires config → credential → Graph client → core, and the Service Bus sender, once per process. */
export function createAppServices(config: AppConfig, options: AppServicesOptions = {}): AppServices {
  const telemetry = options.telemetry ?? noTelemetry;
  // One identity for Graph and Service Bus: the config refuses settings that would split them.
  const credential = options.credential ?? createCredential(config.credential);
  const graph = new GraphClient({
    baseUrl: config.graph.baseUrl,
    scope: config.graph.scope,
    credential,
    inlineRetryBudgetMs: config.graph.inlineRetryBudgetMs,
    maxInlineRetries: config.graph.maxInlineRetries,
    requestTimeoutMs: config.graph.requestTimeoutMs,
    rateLimiter: createGraphRateLimiter(config.graph.inlineRetryBudgetMs),
    onCallCompleted: (record) => {
      telemetry.trackGraphCall(record);
    },
  });
  const reprocessor = new AssignmentReprocessor(graph, { checkStateFirst: config.reprocess.checkStateFirst });
  const requestReprocessor = new AssignmentRequestReprocessor(graph, options.now === undefined ? {} : { now: options.now });
  const serviceBus = config.serviceBus;
  const sender =
    serviceBus === undefined
      ? undefined
      : new ServiceBusQueueSender(
          () => createServiceBusClient(serviceBus, credential, options.serviceBusRetryOptions === undefined ? {} : { retryOptions: options.serviceBusRetryOptions }),
          { operationTimeoutMs: worstCaseOperationMs(options.serviceBusRetryOptions) },
        );
  const queueProcessor =
    sender === undefined
      ? undefined
      : new QueueMessageProcessor({
          reprocessor,
          requestReprocessor,
          graph,
          sender,
          telemetry,
          cloud: config.graph.cloud.name,
          queue: config.queue,
          ...(options.now === undefined ? {} : { now: options.now }),
        });
  return {
    config,
    graph,
    telemetry,
    reprocessor,
    requestReprocessor,
    deliveryReader: new DeliveryStatusReader(graph),
    queueSender: sender,
    queueProcessor,
    close: async () => {
      await sender?.close();
    },
  };
}
