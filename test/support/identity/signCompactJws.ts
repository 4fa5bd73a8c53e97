import { createHmac, sign, type KeyObject } from "node:crypto";

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

export function encodeJwsPart(value: unknown): string {
  return base64url(typeof value === "string" ? value : JSON.stringify(value));
}

/**
 * A compact JWS built by hand, synchronously, so generated tokens can be anything a forger could
 * send: any header, any payload bytes, RS256 with any key, or an HMAC with any secret.
 */
export function signCompactJws(header: unknown, payload: unknown, signer: { readonly rsa: KeyObject } | { readonly hmac: string | Buffer; readonly bits: 256 | 384 | 512 } | { readonly none: string }): string {
  const input = `${encodeJwsPart(header)}.${encodeJwsPart(payload)}`;
  if ("rsa" in signer) return `${input}.${base64url(sign("sha256", Buffer.from(input), signer.rsa))}`;
  if ("hmac" in signer) return `${input}.${base64url(createHmac(`sha${signer.bits}`, signer.hmac).update(input).digest())}`;
  return `${input}.${signer.none}`;
}
