import type { PipelineRequest, RetryStrategy } from "@azure/core-rest-pipeline";
import { exponentialBackoffMs, type BackoffOptions } from "../shared/backoff";
import { parseRetryAfterMs } from "./retryAfter";

export interface InlineRetryStrategyOptions extends BackoffOptions {
  /** Total time one call may spend waiting between attempts. */
  readonly budgetMs: number;
  readonly random?: () => number;
}

/** Statuses that say "try again later" rather than "this request is wrong". */
export const transientStatuses: ReadonlySet<number> = new Set([429, 503, 504]);

const transientErrorCodes: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "REQUEST_SEND_ERROR",
  "REQUEST_TIMEOUT",
]);

/**
 * Retries throttling, unavailability and network failures, honouring Retry-After, but only while
 * the call's total waiting stays within its budget. When the next wait would overrun it, the last
 * response is handed back so the caller can answer 429/503 or reschedule instead of blocking.
 */
export function createInlineRetryStrategy(options: InlineRetryStrategyOptions): RetryStrategy {
  const waitedMsByRequest = new WeakMap<PipelineRequest, number>();
  return {
    name: "inlineRetryWithinBudget",
    retry({ retryCount, response, responseError }) {
      const request = response?.request ?? responseError?.request;
      const transient =
        response !== undefined
          ? transientStatuses.has(response.status)
          : responseError !== undefined && transientErrorCodes.has(responseError.code ?? "");
      if (!transient || request === undefined) {
        return { skipStrategy: true };
      }
      const delayMs =
        (response === undefined ? undefined : parseRetryAfterMs(response.headers)) ??
        exponentialBackoffMs(retryCount + 1, options, options.random);
      const waitedMs = waitedMsByRequest.get(request) ?? 0;
      if (waitedMs + delayMs > options.budgetMs) {
        return { skipStrategy: true };
      }
      waitedMsByRequest.set(request, waitedMs + delayMs);
      return { retryAfterInMs: delayMs };
    },
  };
}
