import { SignJWT } from "jose";
import type { SigningKey } from "./signingKey";

/** Signs `claims` with RS256 as Entra does: the header names the key by kid, typ JWT. */
export function mintAccessToken(claims: Record<string, unknown>, key: SigningKey, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ typ: "JWT", ...header, alg: "RS256", kid: key.kid }).sign(key.privateKey);
}
