import { decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import type { EntraHttpAuthConfig } from "../config/httpAuthConfig";
import type { AccessTokenCheck, Caller, TokenFailure } from "./accessTokenCheck";
import { readBearerToken } from "./bearerToken";
import type { TenantSigningKeys } from "./tenantSigningKeys";

/** The issue allows up to 5 minutes of clock skew between Entra and this app. */
const clockToleranceMs = 300_000;
const maxKidLength = 256;

export interface AccessTokenValidatorOptions {
  readonly config: Pick<EntraHttpAuthConfig, "tenantId" | "audience" | "role" | "issuers">;
  readonly keys: Pick<TenantSigningKeys, "find">;
}

function failed(failure: TokenFailure, message: string): AccessTokenCheck {
  return { ok: false, failure, message };
}

/** jose reports a failed check as an error with a `code` (and, for claims, the claim's name). */
function failureOfJoseError(error: unknown): AccessTokenCheck {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  const claim = error instanceof Error && "claim" in error ? String(error.claim) : "";
  const reason = error instanceof Error && "reason" in error ? String(error.reason) : "";
  if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") return failed("invalidSignature", "The token's signature does not verify with the tenant's published key.");
  if (code === "ERR_JOSE_ALG_NOT_ALLOWED") return failed("algorithmNotAllowed", "The token is not signed with RS256, the only algorithm accepted.");
  if (code === "ERR_JWT_EXPIRED") return failed("tokenExpired", "The token has expired (exp, with 5 minutes of clock skew allowed).");
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && reason !== "missing") {
    if (claim === "iss") return failed("invalidIssuer", "The token's issuer is not this app's tenant in this cloud (v1.0 or v2.0 issuer).");
    if (claim === "aud") return failed("invalidAudience", "The token's audience is not this app (HTTP_AUTH_AUDIENCE).");
    if (claim === "nbf") return failed("tokenNotYetValid", "The token is not valid yet (nbf, with 5 minutes of clock skew allowed).");
  }
  return failed("malformedToken", claim === "" ? "The token is not a well-formed JWT." : `The token's ${claim} claim is missing or malformed.`);
}

function callerOf(payload: JWTPayload): Caller {
  const objectId = typeof payload.oid === "string" ? payload.oid : undefined;
  // v1.0 tokens name the client in appid, v2.0 tokens in azp.
  const appId = typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : undefined;
  return { ...(objectId === undefined ? {} : { objectId }), ...(appId === undefined ? {} : { appId }) };
}

/**
 * Decides whether an Authorization header carries an access token this app accepts: RS256 signed
 * by one of the tenant's published keys, issued by the tenant in the configured cloud, for this
 * app's audience, within its lifetime, holding the app role. Each failure is a value naming the
 * first check that failed; nothing here throws for a bad token.
 */
export class AccessTokenValidator {
  readonly #config: AccessTokenValidatorOptions["config"];
  readonly #keys: AccessTokenValidatorOptions["keys"];

  constructor(options: AccessTokenValidatorOptions) {
    this.#config = options.config;
    this.#keys = options.keys;
  }

  async check(authorization: string | null, options: { readonly abortSignal: AbortSignal }): Promise<AccessTokenCheck> {
    const bearer = readBearerToken(authorization);
    if (bearer.kind === "missing") return failed("missingToken", "The request has no Authorization: Bearer token.");
    if (bearer.kind === "malformed") return failed("malformedToken", bearer.reason);
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(bearer.token);
    } catch {
      return failed("malformedToken", "The token's header is not base64url-encoded JSON.");
    }
    // Refused before any key is looked up: `none`, HS256 with the public key as secret and every
    // other algorithm never reach a verifier.
    if (header.alg !== "RS256") return failed("algorithmNotAllowed", "The token is not signed with RS256, the only algorithm accepted.");
    if (typeof header.kid !== "string" || header.kid === "" || header.kid.length > maxKidLength) return failed("malformedToken", "The token's header names no signing key (kid).");
    const lookup = await this.#keys.find(header.kid, options);
    if (lookup.kind === "unavailable") return failed("signingKeysUnavailable", "The tenant's signing keys could not be read; try again shortly.");
    if (lookup.kind === "unknownKey") return failed("unknownSigningKey", "The token is signed with a key the tenant does not publish.");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(bearer.token, lookup.key, {
        algorithms: ["RS256"],
        issuer: [...this.#config.issuers],
        audience: this.#config.audience,
        // jose takes a number of seconds here.
        clockTolerance: clockToleranceMs / 1000,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      return failureOfJoseError(error);
    }
    if (typeof payload.tid !== "string" || payload.tid.toLowerCase() !== this.#config.tenantId) {
      return failed("invalidTenant", "The token's tenant (tid) is not HTTP_AUTH_TENANT_ID.");
    }
    const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]) : [];
    if (!roles.includes(this.#config.role)) {
      return failed("missingRole", `The caller does not hold the app role ${this.#config.role} (roles claim).`);
    }
    return { ok: true, caller: callerOf(payload) };
  }
}
