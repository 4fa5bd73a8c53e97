import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { RestError } from "@azure/core-rest-pipeline";

/**
 * A credential whose every token request gives up after `timeoutMs`, reported as a retryable
 * REQUEST_TIMEOUT like a Graph attempt that timed out: a managed identity endpoint that never
 * answers must not hold a call until the caller's own deadline. Token requests are rare (the
 * bearer policy caches tokens), so the timer costs nothing per Graph call.
 */
export function boundedCredential(credential: TokenCredential, timeoutMs: number): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const callerSignal = options?.abortSignal;
      const timeout = AbortSignal.timeout(timeoutMs);
      const abortSignal = callerSignal === undefined ? timeout : AbortSignal.any([callerSignal as AbortSignal, timeout]);
      try {
        return await credential.getToken(scopes, { ...options, abortSignal });
      } catch (error) {
        if (timeout.aborted && callerSignal?.aborted !== true) {
          throw new RestError(`No token within ${timeoutMs} ms.`, { code: "REQUEST_TIMEOUT" });
        }
        throw error;
      }
    },
  };
}
