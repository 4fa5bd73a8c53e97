// Graph only needs to read the claims; nothing in the test bed holds a signing key, so the
// signature segment is a fixed placeholder that keeps the token JWT-shaped for any client that
// splits it.
const header = Buffer.from(JSON.stringify({ typ: "JWT", alg: "none" })).toString("base64url");
const placeholderSignature = Buffer.from("unsigned-test-token").toString("base64url");

export function encodeUnsignedJwt(claims: Readonly<Record<string, unknown>>): string {
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${placeholderSignature}`;
}

export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const segments = token.split(".");
  const payload = segments[1];
  if (segments.length !== 3 || payload === undefined || payload === "") return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
