// The CLI's composition root: what its commands are built from. The CLI is an adapter and reaches
// no graph/, serviceBus/ or identity/ module itself; the Functions bundle never loads this file.
import type { TokenCredential } from "@azure/core-auth";
import { createDefaultHttpClient, type HttpClient } from "@azure/core-rest-pipeline";
import type { ServiceBusClient } from "@azure/service-bus";
import { classifySetupFailure, SetupFailureError, type SetupContext } from "./cli/setupFailure";
import type { AppConfig } from "./config/appConfig";
import { ConfigError } from "./config/configError";
import { serviceBusConnectionSetting } from "./config/serviceBusConnection";
import { AssignmentReprocessor } from "./core/assignmentReprocessor";
import { AssignmentRequestReprocessor } from "./core/assignmentRequestReprocessor";
import { DeliveryStatusReader } from "./core/deliveryStatusReader";
import { listHealCandidates, type HealCandidate, type ListHealCandidatesOptions } from "./core/healCandidates";
import { createGraphRateLimiter } from "./graph/graphRateLimiter";
import { GraphClient } from "./graph/graphClient";
import type { GraphRequestSenderOptions } from "./graph/graphRequestSender";
import { GraphPermissionClient } from "./graph/graphPermissionClient";
import { isCredentialFailure } from "./graph/isCredentialFailure";
import { createCredential } from "./identity/createCredential";
import type { QueueSender } from "./queue/queueSender";
import { createServiceBusClient } from "./serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "./serviceBus/serviceBusQueueSender";

/**
 * The credential could not get a token: the Service Bus client throws it as @azure/identity raised
 * it (a Graph call answers tokenUnavailable instead), and the CLI reports it as a sign-in problem.
 */
export { isCredentialFailure } from "./graph/isCredentialFailure";

/** The error a setup failure becomes, or the error itself when it is something else. */
function asSetupFailure(error: unknown, context: SetupContext): unknown {
  const failure = classifySetupFailure(error, context);
  return failure === undefined ? error : new SetupFailureError(failure, { cause: error });
}

/**
 * The Graph client hands "no token" and network failures back as values the core calls
 * `unavailable`, which is right for the app (the queue retries later) and wrong for an operator:
 * a missing `az login` or an untrusted CA is retried five times and reported as temporary. In the
 * CLI they are thrown instead, as SetupFailureError: the Graph sender rethrows what is neither a
 * credential error nor a RestError, the pipeline's retry policy does not retry it, and the paced
 * pool stops at the first one. Everything else passes through untouched.
 */
function setupCheckedCredential(credential: TokenCredential, context: SetupContext): TokenCredential {
  return {
    getToken: async (scopes, options) => {
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        throw asSetupFailure(error, context);
      }
    },
  };
}

function setupCheckedHttpClient(httpClient: HttpClient, context: SetupContext): HttpClient {
  return {
    sendRequest: async (request) => {
      try {
        return await httpClient.sendRequest(request);
      } catch (error) {
        throw request.abortSignal?.aborted === true ? error : asSetupFailure(error, context);
      }
    },
  };
}

/** Graph's root is the cloud's unless GRAPH_BASE_URL points elsewhere (an emulator): name the one that chose it. */
function graphSetupContext(config: AppConfig): SetupContext {
  const hostSetting = config.graph.baseUrl === config.graph.cloud.graphEndpoint ? "GRAPH_CLOUD" : "GRAPH_BASE_URL";
  return { credential: config.credential.kind, hostSetting: `${hostSetting} (${new URL(config.graph.baseUrl).host})`, isCredentialFailure };
}

/** What every CLI Graph client is built with: the configured credential and settings, setup failures thrown. */
function cliGraphOptions(config: AppConfig): GraphRequestSenderOptions & { readonly baseUrl: string } {
  const context = graphSetupContext(config);
  return {
    baseUrl: config.graph.baseUrl,
    scope: config.graph.scope,
    credential: setupCheckedCredential(createCredential(config.credential), context),
    httpClient: setupCheckedHttpClient(createDefaultHttpClient(), context),
    inlineRetryBudgetMs: config.graph.inlineRetryBudgetMs,
    maxInlineRetries: config.graph.maxInlineRetries,
    requestTimeoutMs: config.graph.requestTimeoutMs,
  };
}

function createCliGraphClient(config: AppConfig): GraphClient {
  return new GraphClient({
    ...cliGraphOptions(config),
    rateLimiter: createGraphRateLimiter(config.graph.inlineRetryBudgetMs),
  });
}

/** The assignment reprocessor `reprocess` runs, on a Graph client that throws setup failures. */
export function createCliReprocessor(config: AppConfig): AssignmentReprocessor {
  return new AssignmentReprocessor(createCliGraphClient(config), { checkStateFirst: config.reprocess.checkStateFirst });
}

/** What `--wait` reads each accepted item's state with, on a Graph client that throws setup failures. */
export function createCliDeliveryReader(config: AppConfig): DeliveryStatusReader {
  return new DeliveryStatusReader(createCliGraphClient(config));
}

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
  const context: SetupContext = {
    credential: config.credential.kind,
    hostSetting: connection.kind === "connectionString" ? serviceBusConnectionSetting : `${serviceBusConnectionSetting}__fullyQualifiedNamespace`,
    isCredentialFailure,
  };
  return {
    client,
    // A namespace that does not resolve fails at once and unretried (the SDK calls it a GeneralError):
    // it is the setting, not Service Bus, that needs fixing.
    sender: {
      send: async (queueName, messages, options) => {
        try {
          await sender.send(queueName, messages, options);
        } catch (error) {
          throw asSetupFailure(error, context);
        }
      },
    },
    // The client owns every link, the sender's included; the sender only closes it after a send.
    close: () => client.close(),
  };
}

/** What `reprocess-request` and `heal` run: the request reprocessor and the sweep's candidate list, over one Graph client. */
export interface CliRequestServices {
  readonly reprocessor: AssignmentRequestReprocessor;
  listHealCandidates(options: ListHealCandidatesOptions): AsyncIterable<HealCandidate>;
}

/** One client for both, so `heal`'s listing and its reprocessing share a token and Graph's learned rate. */
export function createCliRequestServices(config: AppConfig): CliRequestServices {
  const graph = createCliGraphClient(config);
  return {
    reprocessor: new AssignmentRequestReprocessor(graph),
    listHealCandidates: (options) => listHealCandidates(graph, options),
  };
}

/** The Graph client `grant-permission` grants through, with the configured credential and Graph settings. */
export function createPermissionClient(config: AppConfig): GraphPermissionClient {
  return new GraphPermissionClient(cliGraphOptions(config));
}
