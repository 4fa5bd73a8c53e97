import type { HttpResponseInit } from "@azure/functions";
import type { AccessTokenCheck } from "../auth/accessTokenCheck";
import { errorResponse } from "./errorResponse";

/** How long a caller should wait when the tenant's signing keys could not be read. */
const keysUnavailableRetryAfterMs = 30_000;

// RFC 6750 §3: error_description is printable ASCII without `"` and `\`.
function quotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "");
}

/**
 * The answer to a request whose token was refused, per RFC 6750 §3: no token → 401 with a bare
 * `Bearer` challenge; a bad token → 401 `invalid_token`; a good token without the app role → 403
 * `insufficient_scope`. The body is Graph-shaped and names the check; it never echoes the token.
 */
export function authFailureResponse(check: Extract<AccessTokenCheck, { ok: false }>): HttpResponseInit {
  const { failure, message } = check;
  switch (failure) {
    case "missingToken":
      return errorResponse(401, failure, message, { "www-authenticate": "Bearer" });
    case "missingRole":
      return errorResponse(403, failure, message, { "www-authenticate": `Bearer error="insufficient_scope", error_description="${quotable(message)}"` });
    case "signingKeysUnavailable":
      // Not the caller's fault, and not an answer about its token: retry later, as for any outage.
      // Retry-After is delta-seconds on the wire (RFC 9110 §10.2.3).
      return errorResponse(503, failure, message, { "retry-after": String(Math.ceil(keysUnavailableRetryAfterMs / 1000)) });
    default:
      return errorResponse(401, failure, message, { "www-authenticate": `Bearer error="invalid_token", error_description="${quotable(message)}"` });
  }
}
