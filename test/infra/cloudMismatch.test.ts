import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { parameterFiles, type CloudName } from "./cloudTable";
import { buildParameters, snapshotDeployment, type SnapshotResult } from "./deploymentSnapshot";

interface Mismatch {
  readonly cloud: CloudName;
  readonly deployedIn: string;
  readonly location: string;
}

// Each cloud's parameters, deployed while signed in to an Azure cloud it does not belong to.
const mismatches: readonly Mismatch[] = [
  { cloud: "USGov", deployedIn: "AzureCloud", location: "eastus" },
  { cloud: "USGovDoD", deployedIn: "AzureCloud", location: "eastus" },
  { cloud: "China", deployedIn: "AzureUSGovernment", location: "usgovvirginia" },
  { cloud: "Global", deployedIn: "AzureChinaCloud", location: "chinanorth3" },
];

const suite = "a deployment whose cloud parameter does not match the Azure cloud it runs in";

describe(suite, () => {
  let server: BicepServer | undefined;
  const results = new Map<CloudName, SnapshotResult>();

  beforeAll(async () => {
    server = startBicepServer(await getBicepCli());
    for (const { cloud, deployedIn, location } of mismatches) {
      const built = await buildParameters(server, parameterFiles[cloud]);
      results.set(cloud, await snapshotDeployment(server, { built, armEnvironment: deployedIn, location }));
    }
  }, bicepHookTimeoutMs);

  afterAll(() => {
    server?.close();
  });

  it.each(mismatches)("is refused for $cloud in $deployedIn, naming both clouds and the way out", ({ cloud, deployedIn }) => {
    const result = results.get(cloud);
    expect(result?.deployed).toBe(false);
    const message = result?.deployed === false ? result.message : "";
    expect(message).toContain(`Parameter cloud is '${cloud}'`);
    expect(message).toContain(`this deployment runs in ${deployedIn}`);
    expect(message).toMatch(/az cloud set --name Azure[A-Za-z]+/);
  });
});
