import nationalClouds from "./nationalClouds.json";

export const nationalCloudNames = ["Global", "USGov", "USGovDoD", "China"] as const;

export type NationalCloudName = (typeof nationalCloudNames)[number];

export interface NationalCloud {
  readonly name: NationalCloudName;
  readonly description: string;
  /** Graph root without a trailing slash, e.g. `https://graph.microsoft.us`. */
  readonly graphEndpoint: string;
  /** The scope a Graph token is requested for; its audience must match `graphEndpoint`. */
  readonly graphScope: string;
  readonly authorityHost: string;
  /** `iss` of a v1.0 access token of tenant `{tenantId}` (the template's only placeholder). */
  readonly tokenIssuerV1: string;
  /** `iss` of a v2.0 access token of tenant `{tenantId}`; also what App Service Authentication is given. */
  readonly tokenIssuerV2: string;
  /** `environment().name` in ARM / Bicep; USGov and USGovDoD share one. */
  readonly armEnvironment: string;
  readonly serviceBusSuffix: string;
  readonly storageSuffix: string;
}

export function isNationalCloudName(value: string): value is NationalCloudName {
  return (nationalCloudNames as readonly string[]).includes(value);
}

export function getNationalCloud(name: NationalCloudName): NationalCloud {
  return { name, ...nationalClouds[name] };
}
