import type { TokenCredential } from "@azure/core-auth";
import type { AppConfig } from "./config/appConfig";
import { AssignmentReprocessor } from "./core/assignmentReprocessor";
import { AdaptiveRateLimiter } from "./graph/adaptiveRateLimiter";
import { GraphClient } from "./graph/graphClient";
import { createCredential } from "./identity/createCredential";
import { noTelemetry, type Telemetry } from "./telemetry/telemetry";

export interface AppServices {
  readonly config: AppConfig;
  readonly graph: GraphClient;
  readonly reprocessor: AssignmentReprocessor;
  readonly telemetry: Telemetry;
}

export interface AppServicesOptions {
  /** Replaces the configured credential (tests use a fresh one per case). */
  readonly credential?: TokenCredential;
  readonly telemetry?: Telemetry;
}

/** Wires config → credential → Graph client → core, once per process. */
export function createAppServices(config: AppConfig, options: AppServicesOptions = {}): AppServices {
  const telemetry = options.telemetry ?? noTelemetry;
  const graph = new GraphClient({
    baseUrl: config.graph.baseUrl,
    scope: config.graph.scope,
    credential: options.credential ?? createCredential(config.credential),
    inlineRetryBudgetMs: config.graph.inlineRetryBudgetMs,
    maxInlineRetries: config.graph.maxInlineRetries,
    requestTimeoutMs: config.graph.requestTimeoutMs,
    // Instances share no state, so each learns Graph's rate for itself from the 429s it gets.
    rateLimiter: new AdaptiveRateLimiter({ maxWaitMs: config.graph.inlineRetryBudgetMs }),
    onCallCompleted: (record) => {
      telemetry.trackGraphCall(record);
    },
  });
  return { config, graph, telemetry, reprocessor: new AssignmentReprocessor(graph, { checkStateFirst: config.reprocess.checkStateFirst }) };
}
