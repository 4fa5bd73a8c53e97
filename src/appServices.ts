import type { TokenCredential } from "@azure/core-auth";
import type { AppConfig } from "./config/appConfig";
import { AssignmentReprocessor } from "./core/assignmentReprocessor";
import { GraphClient, type GraphClientOptions } from "./graph/graphClient";
import { createCredential } from "./identity/createCredential";

export interface AppServices {
  readonly config: AppConfig;
  readonly graph: GraphClient;
  readonly reprocessor: AssignmentReprocessor;
}

export interface AppServicesOptions {
  /** Replaces the configured credential (tests use a fresh one per case). */
  readonly credential?: TokenCredential;
  readonly onGraphCallCompleted?: GraphClientOptions["onCallCompleted"];
}

/** Wires config → credential → Graph client → core, once per process. */
export function createAppServices(config: AppConfig, options: AppServicesOptions = {}): AppServices {
  const graph = new GraphClient({
    baseUrl: config.graph.baseUrl,
    scope: config.graph.scope,
    credential: options.credential ?? createCredential(config.credential),
    inlineRetryBudgetMs: config.graph.inlineRetryBudgetMs,
    maxInlineRetries: config.graph.maxInlineRetries,
    requestTimeoutMs: config.graph.requestTimeoutMs,
    ...(options.onGraphCallCompleted === undefined ? {} : { onCallCompleted: options.onGraphCallCompleted }),
  });
  return { config, graph, reprocessor: new AssignmentReprocessor(graph, { checkStateFirst: config.reprocess.checkStateFirst }) };
}
