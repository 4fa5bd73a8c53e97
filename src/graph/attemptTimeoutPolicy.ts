import { isRestError, RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";

export const attemptTimeoutPolicyName = "attemptTimeoutPolicy";

/**
 * Bounds each attempt's exchange with Graph rather than the whole call, and reports a timeout as a
 * retryable RestError: the HTTP client's own timeout surfaces as an AbortError, which the retry
 * policy never retries. It uses the HTTP client's timer (`request.timeout`) rather than an
 * AbortController of its own: a controller per attempt, forwarding the caller's signal, was the
 * largest single per-call cost measured in the client. The token request is bounded separately
 * (see boundedCredential).
 */
export function attemptTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: attemptTimeoutPolicyName,
    async sendRequest(request, next) {
      const previousTimeout = request.timeout;
      request.timeout = timeoutMs;
      try {
        return await next(request);
      } catch (error) {
        // An AbortError not caused by the caller's signal can only be the HTTP client's timer.
        if (error instanceof Error && error.name === "AbortError" && request.abortSignal?.aborted !== true) {
          throw new RestError(`No answer within ${timeoutMs} ms.`, { code: "REQUEST_TIMEOUT", request });
        }
        // A token request that timed out (boundedCredential) knows no request; the retry policy needs it.
        if (isRestError(error) && error.code === "REQUEST_TIMEOUT" && error.request === undefined) {
          throw new RestError(error.message, { code: "REQUEST_TIMEOUT", request });
        }
        throw error;
      } finally {
        request.timeout = previousTimeout;
      }
    },
  };
}
