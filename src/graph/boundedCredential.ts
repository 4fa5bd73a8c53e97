import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { RestError } from "@azure/core-rest-pipeline";
import { withDeadline } from "../shared/withDeadline";

/**
 * A credential whose every token request gives up after `timeoutMs`, reported as a retryable
 * REQUEST_TIMEOUT like a Graph attempt that timed out: a managed identity endpoint that never
 * answers must not hold a call until the caller's own deadline. Token requests are rare (the
 * bearer policy caches tokens), so the timer costs nothing per Graph call.
 */
export function boundedCredential(credential: TokenCredential, timeoutMs: number): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      // core-auth types the caller's signal as AbortSignalLike; at run time it is the SDK's AbortSignal.
      const callerSignal = options?.abortSignal as AbortSignal | undefined;
      return withDeadline(
        timeoutMs,
        async (deadline) => {
          try {
            return await credential.getToken(scopes, { ...options, abortSignal: deadline.abortSignal });
          } catch (error) {
            if (deadline.expired) throw new RestError(`No token within ${timeoutMs} ms.`, { code: "REQUEST_TIMEOUT" });
            throw error;
          }
        },
        { abortSignal: callerSignal },
      );
    },
  };
}
