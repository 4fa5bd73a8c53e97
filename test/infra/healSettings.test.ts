import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { parameterFiles, regions } from "./cloudTable";
import { armEnvironmentOf, buildParameters, expectDeployed, type DeploymentSnapshot } from "./deploymentSnapshot";
import { appSetting, appSettings } from "./snapshotQueries";
import { loadAppConfig } from "../../src/config/appConfig";

const pkgA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const pkgB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const suite = "the heal sweep parameters";

describe(suite, () => {
  let server: BicepServer | undefined;
  let defaults: DeploymentSnapshot;
  let withPackages: DeploymentSnapshot;
  let turnedOff: DeploymentSnapshot;

  beforeAll(async () => {
    const started = startBicepServer(await getBicepCli());
    server = started;
    const deploy = async (overrides?: Record<string, unknown>) =>
      expectDeployed(started, { built: await buildParameters(started, parameterFiles.Global, overrides), armEnvironment: armEnvironmentOf("Global"), location: regions.Global });
    defaults = await deploy();
    withPackages = await deploy({ healSchedule: "0 30 4 * * 1-5", healAccessPackageIds: [pkgA, pkgB], healLookbackDays: 90 });
    turnedOff = await deploy({ healSchedule: "" });
  }, bicepHookTimeoutMs);

  afterAll(() => {
    server?.close();
  });

  it("schedules the sweep daily at 03:00 UTC by default", () => {
    expect(appSetting(defaults, "HEAL_SCHEDULE")).toBe("0 0 3 * * *");
  });

  it("looks 60 days back by default and lists no access packages", () => {
    expect(appSetting(defaults, "HEAL_LOOKBACK_DAYS")).toBe("60");
    expect(appSettings(defaults).has("HEAL_ACCESS_PACKAGE_IDS")).toBe(false);
  });

  it("passes a chosen schedule, lookback and access packages on, the packages comma-separated", () => {
    expect([appSetting(withPackages, "HEAL_SCHEDULE"), appSetting(withPackages, "HEAL_LOOKBACK_DAYS"), appSetting(withPackages, "HEAL_ACCESS_PACKAGE_IDS")]).toEqual([
      "0 30 4 * * 1-5",
      "90",
      `${pkgA},${pkgB}`,
    ]);
  });

  it("leaves HEAL_SCHEDULE out when the schedule is empty, which turns the sweep off", () => {
    expect(appSettings(turnedOff).has("HEAL_SCHEDULE")).toBe(false);
  });

  it("writes heal settings the app's start-up validation accepts", () => {
    const heal = (snapshot: DeploymentSnapshot) =>
      loadAppConfig({
        GRAPH_CLOUD: "Global",
        IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token",
        ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net",
        ...Object.fromEntries([...appSettings(snapshot)].filter(([name]) => name.startsWith("HEAL_"))),
      }).heal;
    expect(heal(withPackages)).toEqual({ schedule: "0 30 4 * * 1-5", lookbackDays: 90, accessPackageIds: [pkgA, pkgB] });
    expect(heal(defaults).schedule).toBe("0 0 3 * * *");
  });
});
