import { randomUUID } from "node:crypto";
import { getNationalCloud, type NationalCloudName } from "../../../src/clouds/nationalCloud";
import { localIdentity } from "./localIdentity";

export type TokenVersion = "1.0" | "2.0";

export interface AccessTokenClaimsOptions {
  readonly cloud?: NationalCloudName;
  readonly tenantId?: string;
  readonly audience?: string;
  readonly roles?: readonly string[];
  readonly version?: TokenVersion;
  readonly appId?: string;
  readonly objectId?: string;
  /** Seconds since the epoch; default now. */
  readonly issuedAt?: number;
  readonly lifetimeSeconds?: number;
}

/**
 * The claims of an app-only access token as Entra issues one to a managed identity: v1.0 (the
 * default for a registration that does not ask for v2) names the client in `appid`, v2.0 in `azp`.
 */
export function accessTokenClaims(options: AccessTokenClaimsOptions = {}): Record<string, unknown> {
  const cloud = getNationalCloud(options.cloud ?? "Global");
  const tenantId = options.tenantId ?? localIdentity.tenantId;
  const version = options.version ?? "1.0";
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const objectId = options.objectId ?? localIdentity.callerObjectId;
  const appId = options.appId ?? localIdentity.callerAppId;
  return {
    aud: options.audience ?? localIdentity.audience,
    iss: (version === "1.0" ? cloud.tokenIssuerV1 : cloud.tokenIssuerV2).replace("{tenantId}", tenantId),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + (options.lifetimeSeconds ?? 3600),
    ...(version === "1.0" ? { appid: appId, appidacr: "2" } : { azp: appId, azpacr: "2" }),
    idtyp: "app",
    oid: objectId,
    roles: [...(options.roles ?? [localIdentity.role])],
    sub: objectId,
    tid: tenantId,
    uti: randomUUID().replaceAll("-", ""),
    ver: version,
  };
}
