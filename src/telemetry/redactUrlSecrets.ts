// Query parameters that carry a credential somewhere in Azure or OAuth: SAS signatures, Functions
// keys (`code`), tokens and client secrets. Matched by name, case-insensitively.
const secretParameters = [
  "sig",
  "signature",
  "code",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "client_assertion",
  "password",
  "pwd",
  "secret",
  "key",
  "apikey",
  "api-key",
  "api_key",
  "sharedaccesskey",
  "sharedaccesssignature",
  "x-identity-header",
];

const escaped = secretParameters.map((name) => name.replace(/[-_]/g, "[-_]")).join("|");
const secretParameter = new RegExp(`([?&;])(${escaped})=[^&#;]*`, "gi");
const userInfo = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

export const redactedValue = "REDACTED";

/**
 * Replaces credential-bearing query values and URL user info with REDACTED and leaves every other
 * character as it was (re-serialising through URLSearchParams would re-encode Graph's $filter).
 */
export function redactUrlSecrets(url: string): string {
  return url.replace(userInfo, `$1${redactedValue}@`).replace(secretParameter, `$1$2=${redactedValue}`);
}
