import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { cloudTable, parameterFiles, regions } from "./cloudTable";
import { armEnvironmentOf, buildParameters, expectDeployed, type DeploymentSnapshot } from "./deploymentSnapshot";
import { appSettings, functionApp, onlyResourceOfType, property, resourcesOfType } from "./snapshotQueries";

// A provision PUTs the site with siteConfig.appSettings as one list: every setting not in the
// template's list is gone afterwards, whoever added it. So "the deployed code survives a
// re-provision" means: what the package needs is in what the template writes, on every run.
// The defaults of USGov (Elastic Premium) and Global (Flex Consumption) are the two plans.

/** The settings a provision leaves on the app: exactly the template's list, whatever a deploy added. */
const settingsAfterReprovision = (snapshot: DeploymentSnapshot): Map<string, string> => appSettings(snapshot);

// What `az functionapp deployment source config-zip` writes on a Linux plan other than
// Consumption before its zip deploy (azure-cli's remove_remote_build_app_settings), and what
// docs/deploying.md used to tell operators to set by hand.
const settingsADeployAdds = new Map([
  ["WEBSITE_RUN_FROM_PACKAGE", "1"],
  ["SCM_DO_BUILD_DURING_DEPLOYMENT", "false"],
]);

const suite = "the deployed package across a re-provision";

describe(suite, () => {
  let server: BicepServer | undefined;
  let elasticPremium: DeploymentSnapshot;
  let flexConsumption: DeploymentSnapshot;

  beforeAll(async () => {
    server = startBicepServer(await getBicepCli());
    const usGov = await buildParameters(server, parameterFiles.USGov);
    elasticPremium = await expectDeployed(server, { built: usGov, armEnvironment: armEnvironmentOf("USGov"), location: regions.USGov });
    const global = await buildParameters(server, parameterFiles.Global);
    flexConsumption = await expectDeployed(server, { built: global, armEnvironment: armEnvironmentOf("Global"), location: regions.Global });
  }, bicepHookTimeoutMs);

  afterAll(() => {
    server?.close();
  });

  describe("on Elastic Premium", () => {
    it("is the plan the template deploys", () => {
      expect(onlyResourceOfType(elasticPremium, "Microsoft.Web/serverfarms").sku).toMatchObject({ tier: "ElasticPremium" });
    });

    it("keeps WEBSITE_RUN_FROM_PACKAGE=1 after a re-provision, so the zip deployed before it stays mounted", () => {
      expect(settingsAfterReprovision(elasticPremium).get("WEBSITE_RUN_FROM_PACKAGE")).toBe("1");
    });

    it("keeps remote build off after a re-provision, so a later zip deploy never runs npm install on the server", () => {
      expect(settingsAfterReprovision(elasticPremium).get("SCM_DO_BUILD_DURING_DEPLOYMENT")).toBe("false");
    });

    it("writes every setting a zip deploy adds, with the value the deploy would give it, so a re-provision changes none", () => {
      const after = settingsAfterReprovision(elasticPremium);
      expect([...settingsADeployAdds].filter(([name, value]) => after.get(name) !== value)).toEqual([]);
    });
  });

  describe("on Flex Consumption", () => {
    it("is the plan the template deploys", () => {
      expect(onlyResourceOfType(flexConsumption, "Microsoft.Web/serverfarms").sku).toMatchObject({ tier: "FlexConsumption" });
    });

    it("points the app at the same deployment container on every provision, one the template itself declares", () => {
      const account = onlyResourceOfType(flexConsumption, "Microsoft.Storage/storageAccounts").name;
      const containers = resourcesOfType(flexConsumption, "Microsoft.Storage/storageAccounts/blobServices/containers").map((c) => c.name);
      const storage = property(functionApp(flexConsumption), "functionAppConfig.deployment.storage") as { value: string };

      expect(storage.value).toBe(`https://${account}.blob.${cloudTable.Global.storageSuffix}/app-package`);
      expect(containers).toEqual([`${account}/default/app-package`]);
    });

    it("sets neither WEBSITE_RUN_FROM_PACKAGE nor SCM_DO_BUILD_DURING_DEPLOYMENT, which Flex Consumption does not use", () => {
      const names = [...settingsAfterReprovision(flexConsumption).keys()];
      expect(names.filter((name) => settingsADeployAdds.has(name))).toEqual([]);
    });
  });
});
