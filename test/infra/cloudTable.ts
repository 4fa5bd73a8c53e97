import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./bicepCli";

export interface CloudTableEntry {
  readonly description: string;
  readonly graphEndpoint: string;
  readonly graphScope: string;
  readonly authorityHost: string;
  readonly tokenIssuerV1: string;
  readonly tokenIssuerV2: string;
  readonly armEnvironment: string;
  readonly serviceBusSuffix: string;
  readonly storageSuffix: string;
}

export const cloudNames = ["Global", "USGov", "USGovDoD", "China"] as const;
export type CloudName = (typeof cloudNames)[number];

/** The one table of per-cloud endpoints that Bicep loads with loadJsonContent. */
export const cloudTable = JSON.parse(
  readFileSync(join(repoRoot, "src/clouds/nationalClouds.json"), "utf8"),
) as Record<CloudName, CloudTableEntry>;

/** The committed parameters file of each cloud. */
export const parameterFiles: Record<CloudName, string> = {
  Global: "infra/params/global.bicepparam",
  USGov: "infra/params/usgov.bicepparam",
  USGovDoD: "infra/params/usgovdod.bicepparam",
  China: "infra/params/china.bicepparam",
};

/** A region of each cloud, for the snapshots. */
export const regions: Record<CloudName, string> = {
  Global: "eastus",
  USGov: "usgovvirginia",
  USGovDoD: "usdodeast",
  China: "chinanorth3",
};

/** The host of every endpoint of the table: what no infra file may hard-code. */
export function cloudHosts(): string[] {
  const hosts = cloudNames.flatMap((name) => {
    const entry = cloudTable[name];
    return [
      new URL(entry.graphEndpoint).host,
      new URL(entry.authorityHost).host,
      new URL(entry.tokenIssuerV1).host,
      new URL(entry.tokenIssuerV2).host,
      entry.serviceBusSuffix,
      entry.storageSuffix,
    ];
  });
  return [...new Set(hosts)];
}
