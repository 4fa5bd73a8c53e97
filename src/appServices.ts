import type { TokenCredential } from "@azure/core-auth";
import type { RetryOptions } from "@azure/service-bus";
import type { AppConfig } from "./config/appConfig";
import { AssignmentReprocessor } from "./core/assignmentReprocessor";
import { AdaptiveRateLimiter } from "./graph/adaptiveRateLimiter";
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

/** Graph's shortest Retry-After is a second: a wait up to that is pacing, not a reason to give up. */
const minimumSlotWaitMs = 1_000;

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
    // Instances share no state, so each learns Graph's rate for itself from the 429s it gets. A call
    // may wait for its slot as long as it may wait to retry, but always a little: with no budget
    // at all (the CLI hands every wait to its own pool) a slot a few milliseconds away would
    // otherwise be refused and cost the caller an attempt.
    rateLimiter: new AdaptiveRateLimiter({ maxWaitMs: Math.max(config.graph.inlineRetryBudgetMs, minimumSlotWaitMs) }),
    onCallCompleted: (record) => {
      telemetry.trackGraphCall(record);
    },
  });
  const reprocessor = new AssignmentReprocessor(graph, { checkStateFirst: config.reprocess.checkStateFirst });
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
    queueSender: sender,
    queueProcessor,
    close: async () => {
      await sender?.close();
    },
  };
}

// What the CLI is built from. It is an adapter and reaches no graph/, serviceBus/ or identity/
// module itself; these imports sit with the factories so the block stays one piece. The Functions
// bundle leaves the factories out: nothing it starts from uses them.
import type { ServiceBusClient } from "@azure/service-bus";
import { ConfigError } from "./config/configError";
import { serviceBusConnectionSetting } from "./config/serviceBusConnection";
import { GraphPermissionClient } from "./graph/graphPermissionClient";

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
