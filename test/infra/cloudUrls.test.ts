import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./bicepCli";
import { cloudHosts } from "./cloudTable";

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// Deployment files that must take every cloud endpoint from the table, never spell one out.
// infra/bicepconfig.json names the hosts on purpose (to forbid them); prose is not configuration.
const deploymentFiles = [...filesUnder(join(repoRoot, "infra")), ...filesUnder(join(repoRoot, "scripts")), join(repoRoot, "azure.yaml")]
  .filter((path) => !path.endsWith(".md") && !path.endsWith("bicepconfig.json"))
  .map((path) => relative(repoRoot, path));

describe("cloud endpoints in the deployment files", () => {
  it("appear in no deployment file: they are read from the cloud table", () => {
    const hosts = cloudHosts();
    const offenders = deploymentFiles.flatMap((file) => {
      const text = readFileSync(join(repoRoot, file), "utf8");
      return hosts.filter((host) => text.includes(host)).map((host) => `${file}: ${host}`);
    });
    expect(offenders).toEqual([]);
  });

  it("are all forbidden by the Bicep linter configuration", () => {
    const config = JSON.parse(readFileSync(join(repoRoot, "infra/bicepconfig.json"), "utf8")) as {
      analyzers: { core: { rules: { "no-hardcoded-env-urls": { level: string; disallowedhosts: string[] } } } };
    };
    const rule = config.analyzers.core.rules["no-hardcoded-env-urls"];
    const uncovered = cloudHosts().filter((host) => !rule.disallowedhosts.some((disallowed) => host === disallowed || host.endsWith(`.${disallowed}`)));
    expect({ level: rule.level, uncovered }).toEqual({ level: "error", uncovered: [] });
  });
});
