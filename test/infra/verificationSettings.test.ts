import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { parameterFiles, regions } from "./cloudTable";
import { armEnvironmentOf, buildParameters, expectDeployed, type DeploymentSnapshot } from "./deploymentSnapshot";
import { appSetting } from "./snapshotQueries";
import { loadAppConfig } from "../../src/config/appConfig";

const suite = "the verification parameter";

describe(suite, () => {
  let server: BicepServer | undefined;
  let defaults: DeploymentSnapshot;
  let turnedOff: DeploymentSnapshot;

  beforeAll(async () => {
    const started = startBicepServer(await getBicepCli());
    server = started;
    const deploy = async (overrides?: Record<string, unknown>) =>
      expectDeployed(started, { built: await buildParameters(started, parameterFiles.Global, overrides), armEnvironment: armEnvironmentOf("Global"), location: regions.Global });
    defaults = await deploy();
    turnedOff = await deploy({ reprocessVerifyAfterMs: 0 });
  }, bicepHookTimeoutMs);

  afterAll(() => {
    server?.close();
  });

  it("verifies every accepted reprocess 5 minutes after it by default", () => {
    expect(appSetting(defaults, "REPROCESS_VERIFY_AFTER_MS")).toBe("300000");
  });

  it("writes 0 to turn verification off, which the app's start-up validation reads as off", () => {
    const verification = loadAppConfig({ GRAPH_CLOUD: "Global", IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token", REPROCESS_VERIFY_AFTER_MS: appSetting(turnedOff, "REPROCESS_VERIFY_AFTER_MS") }).queue.verification;
    expect([appSetting(turnedOff, "REPROCESS_VERIFY_AFTER_MS"), verification]).toEqual(["0", undefined]);
  });
});
