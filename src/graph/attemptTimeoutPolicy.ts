import { RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";

export const attemptTimeoutPolicyName = "attemptTimeoutPolicy";

/**
 * Bounds each attempt rather than the whole call, and reports a timeout as a retryable
 * RestError: the pipeline's own `request.timeout` surfaces as an AbortError, which the retry
 * policy never retries and which cannot be told apart from the caller cancelling.
 */
export function attemptTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: attemptTimeoutPolicyName,
    async sendRequest(request, next) {
      const callerSignal = request.abortSignal;
      const controller = new AbortController();
      const timer = setTimeout(() => {
        controller.abort();
      }, timeoutMs);
      const forwardAbort = (): void => {
        controller.abort();
      };
      callerSignal?.addEventListener("abort", forwardAbort, { once: true });
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        if (controller.signal.aborted && callerSignal?.aborted !== true) {
          throw new RestError(`No answer within ${timeoutMs} ms.`, { code: "REQUEST_TIMEOUT", request });
        }
        throw error;
      } finally {
        clearTimeout(timer);
        callerSignal?.removeEventListener("abort", forwardAbort);
        if (callerSignal === undefined) {
          delete request.abortSignal;
        } else {
          request.abortSignal = callerSignal;
        }
      }
    },
  };
}
