import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createEmptyPipeline,
  logPolicy,
  proxyPolicy,
  retryPolicy,
  userAgentPolicy,
  type Pipeline,
  type PipelineRequest,
} from "@azure/core-rest-pipeline";
import type { BackoffOptions } from "../shared/backoff";
import type { AdaptiveRateLimiter } from "./adaptiveRateLimiter";
import { attemptTimeoutPolicy } from "./attemptTimeoutPolicy";
import { boundedCredential } from "./boundedCredential";
import { createInlineRetryStrategy } from "./inlineRetryStrategy";
import { rateLimitPolicy } from "./rateLimitPolicy";
import { RefreshAheadCredential } from "./refreshAheadCredential";

export interface GraphPipelineOptions {
  /** Token scope: the cloud's Graph scope, whatever URL the requests go to. */
  readonly scope: string;
  readonly credential: TokenCredential;
  readonly inlineRetryBudgetMs: number;
  readonly maxInlineRetries: number;
  readonly requestTimeoutMs: number;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  /** Paces every attempt at the rate Graph's 429s teach it; one per instance. */
  readonly rateLimiter?: AdaptiveRateLimiter;
}

export interface GraphPipeline {
  readonly pipeline: Pipeline;
  /** Attempts made for a request sent through this pipeline (1 when it was never retried). */
  readonly attemptsOf: (request: PipelineRequest) => number;
}

const defaultBackoff: BackoffOptions = { baseDelayMs: 1_000, maxDelayMs: 16_000 };

/**
 * The one way this app talks to Graph, whichever calls it makes: bearer token for the cloud's
 * scope, inline retries within a budget, a time limit per attempt, and the SDK's request log.
 * Shared so the reprocess client and the permission client cannot drift apart in how they retry
 * or authenticate.
 */
export function createGraphPipeline(options: GraphPipelineOptions): GraphPipeline {
  const attempts = new WeakMap<PipelineRequest, number>();
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(proxyPolicy());
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: "entra-assignment-reprocessor" }));
  pipeline.addPolicy(
    retryPolicy(
      [
        createInlineRetryStrategy({
          budgetMs: options.inlineRetryBudgetMs,
          ...(options.backoff ?? defaultBackoff),
          ...(options.random === undefined ? {} : { random: options.random }),
        }),
      ],
      { maxRetries: options.maxInlineRetries },
    ),
    { phase: "Retry" },
  );
  if (options.rateLimiter !== undefined) {
    pipeline.addPolicy(rateLimitPolicy(options.rateLimiter), { afterPhase: "Retry" });
  }
  pipeline.addPolicy(
    {
      name: "attemptCounter",
      sendRequest: (request, next) => {
        attempts.set(request, (attempts.get(request) ?? 0) + 1);
        return next(request);
      },
    },
    { afterPhase: "Retry" },
  );
  pipeline.addPolicy(attemptTimeoutPolicy(options.requestTimeoutMs), { afterPhase: "Retry" });
  // The policy's own background renewal must never be the one that fails: see RefreshAheadCredential.
  const credential = new RefreshAheadCredential(boundedCredential(options.credential, options.requestTimeoutMs));
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: options.scope }), { phase: "Sign" });
  // Where the SDK's own clients put it, so AZURE_LOG_LEVEL=info shows every Graph attempt as it
  // shows any other Azure call; its sanitizer redacts the Authorization header and query values.
  pipeline.addPolicy(logPolicy(), { afterPhase: "Sign" });
  return { pipeline, attemptsOf: (request) => attempts.get(request) ?? 1 };
}
