export type BearerTokenRead =
  | { readonly kind: "token"; readonly token: string }
  /** No Authorization header, or one of another scheme: RFC 6750 §3.1 answers it without an error code. */
  | { readonly kind: "missing" }
  | { readonly kind: "malformed"; readonly reason: string };

/**
 * Entra access tokens run to a few kilobytes (more with many group claims); anything past this is
 * refused before a byte of it is decoded, so a huge header costs one length check.
 */
export const maxAuthorizationHeaderLength = 16 * 1024;

const bearerScheme = /^bearer(?: |$)/i;
// A compact JWS: three base64url parts, the signature part not empty (an unsigned token has none).
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The token of an `Authorization: Bearer <token>` header, read strictly. A duplicated header
 * reaches the handler joined with ", " (Fetch's Headers), so a comma means more than one
 * credential and is refused rather than guessed at.
 */
export function readBearerToken(authorization: string | null): BearerTokenRead {
  if (authorization === null || authorization.trim() === "") {
    return { kind: "missing" };
  }
  if (authorization.length > maxAuthorizationHeaderLength) {
    return { kind: "malformed", reason: `The Authorization header is longer than ${maxAuthorizationHeaderLength} characters.` };
  }
  if (authorization.includes(",")) {
    return { kind: "malformed", reason: "The request carries more than one credential; send exactly one Authorization: Bearer header." };
  }
  const header = authorization.trim();
  if (!bearerScheme.test(header)) {
    return { kind: "missing" };
  }
  const token = header.slice("bearer".length).trim();
  if (!compactJws.test(token)) {
    return { kind: "malformed", reason: "The bearer token is not a signed JWT (three base64url parts separated by periods)." };
  }
  return { kind: "token", token };
}
