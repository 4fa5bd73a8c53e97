import { createHttpHeaders, type PipelinePolicy, type PipelineResponse } from "@azure/core-rest-pipeline";
import type { AdaptiveRateLimiter } from "./adaptiveRateLimiter";
import { parseRetryAfterMs } from "./retryAfter";

export const rateLimitPolicyName = "adaptiveRateLimit";

/** The Graph error code of a 429 this instance answered itself, without calling Graph. */
export const throttledLocallyCode = "throttledLocally";

/**
 * Placed after the Retry phase so every attempt, retries included, takes a slot and reports
 * Graph's answer; placed before the attempt timeout so queueing for a slot is not counted as Graph
 * being slow.
 */
export function rateLimitPolicy(limiter: AdaptiveRateLimiter): PipelinePolicy {
  return {
    name: rateLimitPolicyName,
    async sendRequest(request, next) {
      // Every call before the first 429 (and most after) finds its slot open: no queue, no extra await.
      const slot = limiter.tryAcquire() ?? (await limiter.acquire(request.abortSignal));
      if (!slot.granted) {
        return throttledLocally(request, slot.retryAfterMs);
      }
      const response = await next(request);
      limiter.record(slot, response.status, response.status === 429 ? parseRetryAfterMs(response.headers) : undefined);
      return response;
    },
  };
}

/** Graph-shaped, so the retry policy and the error mapping treat it exactly like Graph's own 429. */
function throttledLocally(request: PipelineResponse["request"], retryAfterMs: number): PipelineResponse {
  return {
    request,
    status: 429,
    headers: createHttpHeaders({ "retry-after-ms": String(retryAfterMs), "content-type": "application/json" }),
    bodyAsText: JSON.stringify({
      error: {
        code: throttledLocallyCode,
        message: `Graph throttled this instance and asked it to wait; the call was not sent. Try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      },
    }),
  };
}
