import { createPublicKey } from "node:crypto";
import fc from "fast-check";
import { getNationalCloud, nationalCloudNames } from "../../../src/clouds/nationalCloud";
import { maxAuthorizationHeaderLength } from "../../../src/auth/bearerToken";
import { accessTokenClaims } from "./accessTokenClaims";
import { localIdentity } from "./localIdentity";
import type { SigningKey } from "./signingKey";
import { signCompactJws } from "./signCompactJws";

/** One generated attack: the Authorization header (absent when undefined) and what it must get. */
export interface HostileAuthorization {
  readonly kind: string;
  readonly authorization: string | undefined;
  readonly expectedStatus: 401 | 403;
}

export interface HostileAuthorizationKeys {
  /** The key the issuer publishes: a token signed with it passes the signature check. */
  readonly published: SigningKey;
  /** Keys nobody publishes. */
  readonly unpublished: readonly SigningKey[];
}

const now = (): number => Math.floor(Date.now() / 1000);
const skewSeconds = 300;
// Printable ASCII a header may carry that is not base64url and not the separator of a JWS.
const nonBase64Chars = [" ", "+", "/", "=", "%", "$", "!", "~", "*", "(", ")", "[", "]", "{", "}", "<", ">", '"', "'", "\\", ";", ":", "@", "&", "?", "^", "`", "|", "#"];

function validClaims(): Record<string, unknown> {
  return accessTokenClaims();
}

function accepted(): { issuers: string[] } {
  const cloud = getNationalCloud("Global");
  return { issuers: [cloud.tokenIssuerV1, cloud.tokenIssuerV2].map((issuer) => issuer.replace("{tenantId}", localIdentity.tenantId)) };
}

/**
 * Authorization headers an attacker (or a broken caller) could send to an app that checks Global
 * tokens of localIdentity's tenant, audience and role, each with the status it must be answered
 * with. Every kind the issue names is here: wrong key, `alg: none`, HS256 with the public key as
 * secret, expired, not yet valid, wrong iss/aud/tid, missing role, oversized, truncated,
 * non-base64, duplicated headers; and a few more a forger would try.
 */
export function hostileAuthorizationArbitrary(keys: HostileAuthorizationKeys): fc.Arbitrary<HostileAuthorization> {
  const { published, unpublished } = keys;
  const header = { typ: "JWT", alg: "RS256", kid: published.kid };
  const signed = (claims: unknown, headerValue: unknown = header): string => `Bearer ${signCompactJws(headerValue, claims, { rsa: published.privateKey })}`;
  const valid = (): string => signed(validClaims());
  const unauthenticated = (kind: string, authorization: string | undefined): HostileAuthorization => ({ kind, authorization, expectedStatus: 401 });
  const publicPem = createPublicKey(published.privateKey).export({ type: "spki", format: "pem" });
  const { issuers } = accepted();

  const wrongKey = fc.constantFrom(...unpublished).map((key) => unauthenticated("wrongKey", `Bearer ${signCompactJws(header, validClaims(), { rsa: key.privateKey })}`));
  const unknownKid = fc
    .tuple(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom(...unpublished))
    .filter(([kid]) => kid !== published.kid)
    .map(([kid, key]) => unauthenticated("unknownKid", `Bearer ${signCompactJws({ ...header, kid }, validClaims(), { rsa: key.privateKey })}`));
  const algNone = fc
    .tuple(fc.constantFrom("none", "None", "NONE", "nOnE"), fc.constantFrom("", "c2lnbmF0dXJl", "AAAA"))
    .map(([alg, signature]) => unauthenticated("algNone", `Bearer ${signCompactJws({ ...header, alg }, validClaims(), { none: signature })}`));
  const hmacWithPublicKey = fc
    .tuple(fc.constantFrom<256 | 384 | 512>(256, 384, 512), fc.constantFrom(publicPem, JSON.stringify(published.publicJwk), String(published.publicJwk.n)))
    .map(([bits, secret]) => unauthenticated("hmacWithPublicKey", `Bearer ${signCompactJws({ ...header, alg: `HS${bits}` }, validClaims(), { hmac: secret, bits })}`));
  const otherAlgorithm = fc
    .constantFrom("RS384", "RS512", "PS256", "ES256", "EdDSA", "rs256", "RS256 ", "", null, 256)
    .map((alg) => unauthenticated("otherAlgorithm", signed(validClaims(), { ...header, alg })));
  const expired = fc.integer({ min: skewSeconds + 1, max: 10 * 365 * 86_400 }).map((ago) => unauthenticated("expired", signed({ ...validClaims(), nbf: now() - ago - 3600, iat: now() - ago - 3600, exp: now() - ago })));
  const notYetValid = fc.integer({ min: skewSeconds + 1, max: 365 * 86_400 }).map((ahead) => unauthenticated("notYetValid", signed({ ...validClaims(), nbf: now() + ahead, iat: now(), exp: now() + ahead + 3600 })));
  const otherIssuers = nationalCloudNames.flatMap((name) => {
    const cloud = getNationalCloud(name);
    return [cloud.tokenIssuerV1, cloud.tokenIssuerV2].flatMap((template) => [
      template.replace("{tenantId}", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
      template.replace("{tenantId}", localIdentity.tenantId),
      template.replace("{tenantId}", localIdentity.tenantId.toUpperCase()),
      `${template.replace("{tenantId}", localIdentity.tenantId)}/`,
      template.replace("{tenantId}/", "").replace("{tenantId}", ""),
    ]);
  });
  const wrongIssuer = fc
    .oneof(fc.constantFrom(...otherIssuers), fc.webUrl(), fc.string(), fc.constant(null), fc.constant(issuers))
    .filter((iss) => !(typeof iss === "string" && issuers.includes(iss)))
    .map((iss) => unauthenticated("wrongIssuer", signed({ ...validClaims(), iss })));
  const wrongAudience = fc
    .oneof(fc.uuid(), fc.webUrl(), fc.string(), fc.constant(localIdentity.audience.toUpperCase()), fc.constant(`${localIdentity.audience}/`), fc.array(fc.uuid(), { maxLength: 3 }), fc.constant(null))
    .map((aud) => unauthenticated("wrongAudience", signed({ ...validClaims(), aud })));
  const wrongTenant = fc
    .oneof(fc.uuid().filter((tid) => tid !== localIdentity.tenantId), fc.constant(undefined), fc.constant(42), fc.string())
    .map((tid) => unauthenticated("wrongTenant", signed({ ...validClaims(), tid })));
  const missingRole = fc
    .oneof(
      fc.constant({ roles: [] }),
      fc.constant({ roles: undefined }),
      fc.constant({ roles: localIdentity.role }),
      fc.constant({ roles: [localIdentity.role.toLowerCase()] }),
      fc.constant({ roles: [` ${localIdentity.role}`] }),
      fc.constant({ roles: undefined, scp: localIdentity.role }),
      fc.array(fc.string(), { maxLength: 5 }).map((roles) => ({ roles: roles.filter((role) => role !== localIdentity.role) })),
    )
    .map((override) => ({ kind: "missingRole", authorization: signed({ ...validClaims(), ...override }), expectedStatus: 403 as const }));
  const oversized = fc
    .oneof(
      fc.integer({ min: 1, max: 64 * 1024 }).map((extra) => `${valid()}${"A".repeat(maxAuthorizationHeaderLength + extra)}`),
      fc.integer({ min: maxAuthorizationHeaderLength, max: 4 * maxAuthorizationHeaderLength }).map((size) => signed({ ...validClaims(), padding: "x".repeat(size) })),
      fc.constant(`Bearer ${"A".repeat(1024 * 1024)}`),
    )
    .map((authorization) => unauthenticated("oversized", authorization));
  const truncated = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((share) => {
    const token = valid();
    return unauthenticated("truncated", token.slice(0, Math.floor(share * token.length)));
  });
  const nonBase64 = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...nonBase64Chars)).map(([share, char]) => {
    const token = valid();
    const at = "Bearer ".length + 1 + Math.floor(share * (token.length - "Bearer ".length - 1));
    return unauthenticated("nonBase64", `${token.slice(0, at)}${char}${token.slice(at)}`);
  });
  const duplicated = fc
    .constantFrom(", ", ",", " , ")
    .chain((separator) => fc.constantFrom(`${valid()}${separator}${valid()}`, `${valid()}${separator}Basic dXNlcjpwYXNz`, `Basic dXNlcjpwYXNz${separator}${valid()}`))
    .map((authorization) => unauthenticated("duplicated", authorization));
  const wrongScheme = fc
    .constantFrom("Basic dXNlcjpwYXNz", "Token abc.def.ghi", "Bearer", "Bearer ", "bearer\t", "MAC id=1", "Negotiate YII=", "Bearerabc.def.ghi", "Bearer\tabc.def.ghi", "Bearer abc")
    .map((authorization) => unauthenticated("wrongScheme", authorization));
  const missing = fc.constant(unauthenticated("missing", undefined));
  const tamperedPayload = fc
    .constantFrom({ roles: [localIdentity.role, "Admin"] }, { tid: "72f988bf-86f1-41af-91ab-2d7cd011db47" }, { exp: now() + 86_400 * 365 })
    .map((change) => {
      const [headerPart, , signature] = valid().slice("Bearer ".length).split(".");
      const payload = Buffer.from(JSON.stringify({ ...validClaims(), ...change })).toString("base64url");
      return unauthenticated("tamperedPayload", `Bearer ${headerPart ?? ""}.${payload}.${signature ?? ""}`);
    });
  const flippedSignature = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((share) => {
    const token = valid();
    const signatureStart = token.lastIndexOf(".") + 1;
    // Not the last character: its low bits are padding, so changing it may not change the bytes.
    const at = signatureStart + Math.floor(share * (token.length - signatureStart - 1));
    const char = token[at] === "A" ? "B" : "A";
    return unauthenticated("flippedSignature", `${token.slice(0, at)}${char}${token.slice(at + 1)}`);
  });
  const malformedSigned = fc
    .constantFrom<[unknown, unknown]>(
      [header, { ...validClaims(), exp: undefined }],
      [header, "not json"],
      [header, [1, 2, 3]],
      [header, null],
      [{ ...header, crit: ["exp"] }, validClaims()],
      [{ ...header, kid: "k".repeat(300) }, validClaims()],
      [{ ...header, kid: 7 }, validClaims()],
      [{ ...header, kid: undefined }, validClaims()],
      [{ ...header, b64: false, crit: ["b64"] }, validClaims()],
      [{ ...validClaims(), exp: "tomorrow" }, validClaims()],
      [header, { ...validClaims(), exp: "tomorrow" }],
      [header, { ...validClaims(), nbf: "later" }],
    )
    .map(([headerValue, payload]) => unauthenticated("malformedSigned", signed(payload, headerValue)));
  const garbage = fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}$/)).map((text) => unauthenticated("garbage", `Bearer ${text}`));

  return fc.oneof(
    wrongKey,
    unknownKid,
    algNone,
    hmacWithPublicKey,
    otherAlgorithm,
    expired,
    notYetValid,
    wrongIssuer,
    wrongAudience,
    wrongTenant,
    missingRole,
    oversized,
    truncated,
    nonBase64,
    duplicated,
    wrongScheme,
    missing,
    tamperedPayload,
    flippedSignature,
    malformedSigned,
    garbage,
  );
}
