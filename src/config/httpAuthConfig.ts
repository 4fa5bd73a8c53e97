import type { NationalCloud } from "../clouds/nationalCloud";
import { isCanonicalGuid } from "../shared/guid";
import { ConfigError } from "./configError";
import { resolveEmulatorOrigin } from "./emulatorOrigin";
import type { SettingReader } from "./settingReader";

export const httpAuthModes = ["functionKey", "entra"] as const;

export type HttpAuthMode = (typeof httpAuthModes)[number];

export const defaultHttpAuthRole = "Reprocess.Invoke";

/** What the app checks itself on every HTTP request when HTTP_AUTH=entra. */
export interface EntraHttpAuthConfig {
  readonly kind: "entra";
  /** HTTP_AUTH_TENANT_ID, lower case: the only `tid` accepted. */
  readonly tenantId: string;
  /** HTTP_AUTH_AUDIENCE: the only `aud` accepted (the app registration's client id or App ID URI). */
  readonly audience: string;
  /** HTTP_AUTH_ROLE: the app role a caller must hold (`roles` claim). */
  readonly role: string;
  /** `<authority>/<tenant>/v2.0/.well-known/openid-configuration`, where the signing keys are found. */
  readonly metadataUrl: string;
  /**
   * The only `iss` values accepted: the tenant's v1.0 and v2.0 issuers in the configured cloud, from
   * the cloud table, or exactly HTTP_AUTH_ISSUERS when it is set.
   */
  readonly issuers: readonly string[];
}

export type HttpAuthConfig = { readonly kind: "functionKey" } | EntraHttpAuthConfig;

// An App ID URI (api://…, https://…) or a client id; never a list or anything with spaces. The URI
// part is printable ASCII minus the comma (0x2c), so "api://a,api://b" cannot pass as one audience.
const audiencePattern = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?:api|https):\/\/[!-+\--~]{1,240})$/i;
// Entra app role values: printable ASCII without spaces, not starting with a period.
const rolePattern = /^[!-~]{1,120}$/;
// A cloud has two token formats; a few more leave room for a migration, and a long list would
// mean the setting is being used to let in more than one tenant's tokens.
const maxIssuers = 4;

function readTenantId(settings: SettingReader): string {
  const tenantId = settings.requiredString("HTTP_AUTH_TENANT_ID", "HTTP_AUTH=entra needs the id (a GUID) of the tenant whose callers are let in.").toLowerCase();
  if (!isCanonicalGuid(tenantId)) {
    throw new ConfigError("HTTP_AUTH_TENANT_ID", "must be the tenant id, a GUID (not a domain name, common or organizations): tokens are accepted from this one tenant only.");
  }
  return tenantId;
}

function readAudience(settings: SettingReader): string {
  const audience = settings.requiredString("HTTP_AUTH_AUDIENCE", "HTTP_AUTH=entra needs the client id or App ID URI of the app registration callers request tokens for.");
  if (!audiencePattern.test(audience)) {
    throw new ConfigError("HTTP_AUTH_AUDIENCE", "must be one audience: the app registration's client id (a GUID) or its App ID URI (api://… or https://…), without spaces or commas.");
  }
  return audience;
}

/**
 * HTTP_AUTH_ISSUERS replaces the cloud table's issuers when set. Some of the table's values are
 * unconfirmed (the US Gov v1.0 issuer, China's v2.0 host: docs/security.md), so an operator whose
 * tenant's tokens carry another `iss` can correct it without a release. Each entry is an exact
 * issuer URL, `{tenantId}` replaced by HTTP_AUTH_TENANT_ID.
 */
function readIssuers(settings: SettingReader, cloud: NationalCloud, tenantId: string): readonly string[] {
  const value = settings.optionalString("HTTP_AUTH_ISSUERS");
  const templates = value === undefined ? [cloud.tokenIssuerV1, cloud.tokenIssuerV2] : value.split(",").map((entry) => entry.trim());
  const issuers = templates.map((template) => template.replaceAll("{tenantId}", tenantId));
  if (value === undefined) return issuers;
  if (issuers.length > maxIssuers) {
    throw new ConfigError("HTTP_AUTH_ISSUERS", `lists ${issuers.length} issuers; at most ${maxIssuers} are accepted.`);
  }
  for (const issuer of issuers) {
    if (!isHttpsUrl(issuer)) {
      throw new ConfigError("HTTP_AUTH_ISSUERS", `${JSON.stringify(issuer)} is not an https issuer URL: list exact token issuers (iss), comma-separated, {tenantId} for the tenant.`);
    }
  }
  return issuers;
}

function isHttpsUrl(text: string): boolean {
  if (!/^[!-~]+$/.test(text) || text.includes("{") || text.includes("}")) return false;
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

function readRole(settings: SettingReader): string {
  const role = settings.optionalString("HTTP_AUTH_ROLE") ?? defaultHttpAuthRole;
  if (!rolePattern.test(role) || role.startsWith(".")) {
    throw new ConfigError("HTTP_AUTH_ROLE", `${JSON.stringify(role)} is not an app role value: printable characters without spaces, at most 120, not starting with a period.`);
  }
  return role;
}

/**
 * HTTP_AUTH and, with `entra`, the settings of the app's own token check. The authority host comes
 * from the cloud table; HTTP_AUTH_AUTHORITY_URL may point it at an emulator on loopback only, by
 * the same rule as GRAPH_BASE_URL. The issuers never change with it: an emulator mints tokens with
 * the cloud's real issuers, so the check it exercises is the production one. Only
 * HTTP_AUTH_ISSUERS changes them.
 */
export function readHttpAuthConfig(settings: SettingReader, cloud: NationalCloud): HttpAuthConfig {
  const mode = settings.oneOf("HTTP_AUTH", httpAuthModes, "functionKey");
  if (mode === "functionKey") {
    return { kind: "functionKey" };
  }
  const tenantId = readTenantId(settings);
  const override = settings.optionalString("HTTP_AUTH_AUTHORITY_URL");
  const authority =
    override === undefined
      ? cloud.authorityHost
      : resolveEmulatorOrigin(override, { setting: "HTTP_AUTH_AUTHORITY_URL", productionUrl: cloud.authorityHost, productionHostDescription: `the Entra authority host of cloud ${cloud.name}` });
  return {
    kind: "entra",
    tenantId,
    audience: readAudience(settings),
    role: readRole(settings),
    metadataUrl: `${authority}/${tenantId}/v2.0/.well-known/openid-configuration`,
    issuers: readIssuers(settings, cloud, tenantId),
  };
}
