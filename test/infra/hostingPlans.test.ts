import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { cloudTable, parameterFiles, regions } from "./cloudTable";
import { armEnvironmentOf, buildParameters, expectDeployed, type DeploymentSnapshot } from "./deploymentSnapshot";
import { appSetting, appSettings, functionApp, onlyResourceOfType, property, resourcesOfType, runtimeReference } from "./snapshotQueries";

// Each plan where it is not the default: the hostingPlan parameter must be able to choose either.
const suite = "the hosting plan parameter";

describe(suite, () => {
  let server: BicepServer | undefined;
  let elasticPremiumInGlobal: DeploymentSnapshot;
  let flexConsumptionInUSGov: DeploymentSnapshot;

  beforeAll(async () => {
    server = startBicepServer(await getBicepCli());
    const global = await buildParameters(server, parameterFiles.Global, { hostingPlan: "ElasticPremium" });
    elasticPremiumInGlobal = await expectDeployed(server, { built: global, armEnvironment: armEnvironmentOf("Global"), location: regions.Global });
    const usGov = await buildParameters(server, parameterFiles.USGov, { hostingPlan: "FlexConsumption" });
    flexConsumptionInUSGov = await expectDeployed(server, { built: usGov, armEnvironment: armEnvironmentOf("USGov"), location: regions.USGov });
  }, bicepHookTimeoutMs);

  afterAll(() => {
    server?.close();
  });

  describe("set to ElasticPremium", () => {
    it("creates an Elastic Premium plan on Linux", () => {
      const plan = onlyResourceOfType(elasticPremiumInGlobal, "Microsoft.Web/serverfarms");
      expect({ sku: plan.sku, kind: plan.kind, reserved: property(plan, "reserved") }).toEqual({
        sku: { name: "EP1", tier: "ElasticPremium", family: "EP" },
        kind: "elastic",
        reserved: true,
      });
    });

    it("sets the runtime through linuxFxVersion and the Functions runtime settings", () => {
      expect({
        linuxFxVersion: property(functionApp(elasticPremiumInGlobal), "siteConfig.linuxFxVersion"),
        worker: appSetting(elasticPremiumInGlobal, "FUNCTIONS_WORKER_RUNTIME"),
        extension: appSetting(elasticPremiumInGlobal, "FUNCTIONS_EXTENSION_VERSION"),
      }).toEqual({ linuxFxVersion: "Node|22", worker: "node", extension: "~4" });
    });

    it("keeps shared keys on, for the content share alone", () => {
      expect(property(onlyResourceOfType(elasticPremiumInGlobal, "Microsoft.Storage/storageAccounts"), "allowSharedKeyAccess")).toBe(true);
    });

    it("mounts the content share through a Key Vault reference, never the key itself", () => {
      const secret = onlyResourceOfType(elasticPremiumInGlobal, "Microsoft.KeyVault/vaults/secrets");
      const reference = appSetting(elasticPremiumInGlobal, "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING");
      expect(reference).toContain("format('@Microsoft.KeyVault(SecretUri={0})', reference(");
      expect(reference).toMatch(runtimeReference(secret.id, "secretUri"));
      expect(reference).not.toMatch(/listKeys|AccountKey/);
    });

    it("names the content share the template creates", () => {
      const share = onlyResourceOfType(elasticPremiumInGlobal, "Microsoft.Storage/storageAccounts/fileServices/shares");
      expect(share.name.endsWith(`/${appSetting(elasticPremiumInGlobal, "WEBSITE_CONTENTSHARE")}`)).toBe(true);
    });

    it("resolves Key Vault references as the user-assigned identity", () => {
      const identity = onlyResourceOfType(elasticPremiumInGlobal, "Microsoft.ManagedIdentity/userAssignedIdentities");
      expect(property(functionApp(elasticPremiumInGlobal), "keyVaultReferenceIdentity")).toBe(identity.id);
    });
  });

  describe("set to FlexConsumption", () => {
    it("creates a Flex Consumption plan", () => {
      expect(onlyResourceOfType(flexConsumptionInUSGov, "Microsoft.Web/serverfarms").sku).toEqual({ name: "FC1", tier: "FlexConsumption" });
    });

    it("sets the runtime in functionAppConfig and none of the settings Flex Consumption refuses", () => {
      const names = [...appSettings(flexConsumptionInUSGov).keys()];
      expect(property(functionApp(flexConsumptionInUSGov), "functionAppConfig.runtime")).toEqual({ name: "node", version: "22" });
      expect(names.filter((name) => name.startsWith("FUNCTIONS_") || name.startsWith("WEBSITE_CONTENT"))).toEqual([]);
    });

    it("turns shared keys off on the host storage account", () => {
      expect(property(onlyResourceOfType(flexConsumptionInUSGov, "Microsoft.Storage/storageAccounts"), "allowSharedKeyAccess")).toBe(false);
    });

    it("deploys the app package to a blob container of the cloud's storage, as the identity", () => {
      const account = onlyResourceOfType(flexConsumptionInUSGov, "Microsoft.Storage/storageAccounts").name;
      const identity = onlyResourceOfType(flexConsumptionInUSGov, "Microsoft.ManagedIdentity/userAssignedIdentities");
      expect(property(functionApp(flexConsumptionInUSGov), "functionAppConfig.deployment.storage")).toEqual({
        type: "blobContainer",
        value: `https://${account}.blob.${cloudTable.USGov.storageSuffix}/app-package`,
        authentication: { type: "UserAssignedIdentity", userAssignedIdentityResourceId: identity.id },
      });
    });

    it("creates no Key Vault", () => {
      expect(resourcesOfType(flexConsumptionInUSGov, "Microsoft.KeyVault/vaults")).toEqual([]);
    });
  });
});
