import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli, type BicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { cloudNames, cloudTable, parameterFiles, regions, type CloudName } from "./cloudTable";
import { armEnvironmentOf, buildParameters, expectDeployed, type DeploymentSnapshot } from "./deploymentSnapshot";
import {
  appSetting,
  appSettings,
  builtInRoles,
  functionApp,
  onlyResourceOfType,
  property,
  resourcesOfType,
  roleAssignments,
  runtimeReference,
} from "./snapshotQueries";

const defaultPlans: Record<CloudName, "FlexConsumption" | "ElasticPremium"> = {
  Global: "FlexConsumption",
  USGov: "ElasticPremium",
  USGovDoD: "ElasticPremium",
  China: "ElasticPremium",
};

const secretPatterns = [/AccountKey=/i, /SharedAccessKey/i, /listKeys\(/i, /InstrumentationKey=/i];

const suite = "a deployment of each cloud's parameters file, in that cloud";

describe(suite, () => {
  let bicep: BicepCli;
  let server: BicepServer | undefined;
  const snapshots = new Map<CloudName, DeploymentSnapshot>();

  beforeAll(async () => {
    bicep = await getBicepCli();
    server = startBicepServer(bicep);
    for (const cloud of cloudNames) {
      const built = await buildParameters(server, parameterFiles[cloud]);
      snapshots.set(cloud, await expectDeployed(server, { built, armEnvironment: armEnvironmentOf(cloud), location: regions[cloud] }));
    }
  }, bicepHookTimeoutMs);

  afterAll(() => {
    server?.close();
  });

  const snapshotIn = (cloud: CloudName): DeploymentSnapshot => {
    const snapshot = snapshots.get(cloud);
    if (snapshot === undefined) {
      throw new Error(`no snapshot for ${cloud}`);
    }
    return snapshot;
  };

  describe.each(cloudNames)("%s", (cloud) => {
    const snapshotOf = (): DeploymentSnapshot => snapshotIn(cloud);
    const idOf = (type: string): string => onlyResourceOfType(snapshotOf(), type).id;
    const queueId = (name: string): string => {
      const queue = resourcesOfType(snapshotOf(), "Microsoft.ServiceBus/namespaces/queues").find((q) => q.name.endsWith(`/${name}`));
      if (queue === undefined) {
        throw new Error(`no queue ${name}`);
      }
      return queue.id;
    };
    const identityClientId = (): RegExp => runtimeReference(idOf("Microsoft.ManagedIdentity/userAssignedIdentities"), "clientId");

    it("tells the app its Graph cloud in GRAPH_CLOUD", () => {
      expect(appSetting(snapshotOf(), "GRAPH_CLOUD")).toBe(cloud);
    });

    it("points the host storage blob, queue and table URIs at the cloud's storage suffix", () => {
      const account = onlyResourceOfType(snapshotOf(), "Microsoft.Storage/storageAccounts").name;
      const suffix = cloudTable[cloud].storageSuffix;
      expect([
        appSetting(snapshotOf(), "AzureWebJobsStorage__blobServiceUri"),
        appSetting(snapshotOf(), "AzureWebJobsStorage__queueServiceUri"),
        appSetting(snapshotOf(), "AzureWebJobsStorage__tableServiceUri"),
      ]).toEqual([`https://${account}.blob.${suffix}`, `https://${account}.queue.${suffix}`, `https://${account}.table.${suffix}`]);
    });

    it("reaches host storage as the user-assigned identity", () => {
      expect(appSetting(snapshotOf(), "AzureWebJobsStorage__credential")).toBe("managedidentity");
      expect(appSetting(snapshotOf(), "AzureWebJobsStorage__clientId")).toMatch(identityClientId());
    });

    it("takes the Service Bus host from the namespace's own endpoint", () => {
      const namespaceId = idOf("Microsoft.ServiceBus/namespaces");
      expect(appSetting(snapshotOf(), "ServiceBusConnection__fullyQualifiedNamespace")).toMatch(
        runtimeReference(namespaceId, "serviceBusEndpoint"),
      );
    });

    it("reaches Service Bus as the user-assigned identity", () => {
      expect(appSetting(snapshotOf(), "ServiceBusConnection__credential")).toBe("managedidentity");
      expect(appSetting(snapshotOf(), "ServiceBusConnection__clientId")).toMatch(identityClientId());
    });

    it("names the work queue and the parked queue in the app settings", () => {
      expect([appSetting(snapshotOf(), "REPROCESS_QUEUE_NAME"), appSetting(snapshotOf(), "REPROCESS_PARKED_QUEUE_NAME")]).toEqual([
        "reprocess",
        "reprocess-parked",
      ]);
    });

    it("gives the app the identity's client id in AZURE_CLIENT_ID", () => {
      expect(appSetting(snapshotOf(), "AZURE_CLIENT_ID")).toMatch(identityClientId());
    });

    it("sends telemetry to the component's connection string with Entra authentication as the identity", () => {
      const componentId = idOf("Microsoft.Insights/components");
      expect(appSetting(snapshotOf(), "APPLICATIONINSIGHTS_CONNECTION_STRING")).toMatch(runtimeReference(componentId, "ConnectionString"));
      const authentication = appSetting(snapshotOf(), "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
      expect(authentication).toMatch(/^\[format\('ClientId=\{0\};Authorization=AAD', /);
      expect(authentication).toMatch(identityClientId());
    });

    it("runs on the cloud's default hosting plan", () => {
      const plan = onlyResourceOfType(snapshotOf(), "Microsoft.Web/serverfarms");
      expect(plan.sku?.tier).toBe(defaultPlans[cloud]);
    });

    it("runs Node.js 22", () => {
      const site = functionApp(snapshotOf());
      if (defaultPlans[cloud] === "FlexConsumption") {
        expect(property(site, "functionAppConfig.runtime")).toEqual({ name: "node", version: "22" });
      } else {
        expect(property(site, "siteConfig.linuxFxVersion")).toBe("Node|22");
        expect(appSetting(snapshotOf(), "FUNCTIONS_WORKER_RUNTIME")).toBe("node");
      }
    });

    it("accepts HTTPS only, with TLS 1.2 at least and FTPS off", () => {
      const site = functionApp(snapshotOf());
      expect({
        httpsOnly: property(site, "httpsOnly"),
        minTlsVersion: property(site, "siteConfig.minTlsVersion"),
        ftpsState: property(site, "siteConfig.ftpsState"),
      }).toEqual({ httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled" });
    });

    it("disables local authentication on Service Bus, Application Insights and Log Analytics", () => {
      const namespace = onlyResourceOfType(snapshotOf(), "Microsoft.ServiceBus/namespaces");
      const component = onlyResourceOfType(snapshotOf(), "Microsoft.Insights/components");
      const workspace = onlyResourceOfType(snapshotOf(), "Microsoft.OperationalInsights/workspaces");
      expect([
        property(namespace, "disableLocalAuth"),
        property(component, "DisableLocalAuth"),
        property(workspace, "features.disableLocalAuth"),
      ]).toEqual([true, true, true]);
    });

    it("requires TLS 1.2 on Service Bus", () => {
      expect(property(onlyResourceOfType(snapshotOf(), "Microsoft.ServiceBus/namespaces"), "minimumTlsVersion")).toBe("1.2");
    });

    it("drops duplicate messages on the work queue and locks each for the function's whole timeout", () => {
      const workQueue = resourcesOfType(snapshotOf(), "Microsoft.ServiceBus/namespaces/queues").find((q) => q.name.endsWith("/reprocess"));
      expect(workQueue?.properties).toMatchObject({ requiresDuplicateDetection: true, lockDuration: "PT5M", maxDeliveryCount: 5 });
    });

    it("secures the host storage account: TLS 1.2, HTTPS only, no public blobs, shared keys only where the plan needs them", () => {
      const storage = onlyResourceOfType(snapshotOf(), "Microsoft.Storage/storageAccounts");
      expect(storage.properties).toMatchObject({
        minimumTlsVersion: "TLS1_2",
        supportsHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: defaultPlans[cloud] === "ElasticPremium",
      });
    });

    it("grants the identity exactly the roles it needs, each on the narrowest scope", () => {
      const identityPrincipal = runtimeReference(idOf("Microsoft.ManagedIdentity/userAssignedIdentities"), "principalId");
      const storageId = idOf("Microsoft.Storage/storageAccounts");
      const expected = [
        { scope: idOf("Microsoft.Insights/components"), roleDefinition: builtInRoles.monitoringMetricsPublisher },
        { scope: queueId("reprocess"), roleDefinition: builtInRoles.serviceBusDataReceiver },
        { scope: queueId("reprocess"), roleDefinition: builtInRoles.serviceBusDataSender },
        { scope: queueId("reprocess-parked"), roleDefinition: builtInRoles.serviceBusDataSender },
        { scope: storageId, roleDefinition: builtInRoles.storageBlobDataOwner },
        { scope: storageId, roleDefinition: builtInRoles.storageTableDataContributor },
        ...(defaultPlans[cloud] === "ElasticPremium"
          ? [{ scope: idOf("Microsoft.KeyVault/vaults/secrets"), roleDefinition: builtInRoles.keyVaultSecretsUser }]
          : []),
      ];
      const granted = roleAssignments(snapshotOf());
      expect(granted.map(({ scope, roleDefinition }) => ({ scope, roleDefinition }))).toEqual(expect.arrayContaining(expected));
      expect(granted).toHaveLength(expected.length);
      for (const assignment of granted) {
        expect(assignment.principalId).toMatch(new RegExp(`^\\[${identityPrincipal.source}\\]$`));
        expect(assignment.principalType).toBe("ServicePrincipal");
      }
    });

    it("tags the function app, and nothing else, as the azd service api", () => {
      const tagged = snapshotOf().predictedResources.filter((resource) => resource.tags?.["azd-service-name"] !== undefined);
      expect(tagged.map(({ type, tags }) => [type, tags?.["azd-service-name"]])).toEqual([["Microsoft.Web/sites", "api"]]);
    });

    it("puts no key or key-bearing connection string in app settings or outputs", () => {
      const values = [...appSettings(snapshotOf()).values(), ...Object.values(snapshotOf().outputs).map((value) => JSON.stringify(value))];
      for (const pattern of secretPatterns) {
        expect(values.filter((value) => pattern.test(value))).toEqual([]);
      }
    });
  });

  it("extracts the namespace host from the endpoint Service Bus reports in each cloud", async () => {
    // The setting is an expression over the namespace's serviceBusEndpoint, known only once
    // deployed: evaluate that very expression with the endpoint each cloud's Service Bus returns.
    const cases = cloudNames.map((cloud) => {
      const snapshot = snapshotIn(cloud);
      const namespace = onlyResourceOfType(snapshot, "Microsoft.ServiceBus/namespaces");
      const endpoint = `'https://${namespace.name}.${cloudTable[cloud].serviceBusSuffix}:443/'`;
      const expression = appSetting(snapshot, "ServiceBusConnection__fullyQualifiedNamespace")
        .replace(/^\[|\]$/g, "")
        .replace(runtimeReference(namespace.id, "serviceBusEndpoint"), endpoint);
      return { expression, expected: `'${namespace.name}.${cloudTable[cloud].serviceBusSuffix}'` };
    });
    const evaluated = await bicep.runWithInput(["console"], cases.map(({ expression }) => expression).join("\n") + "\n");
    expect(evaluated.stdout.trim().split("\n")).toEqual(cases.map(({ expected }) => expected));
  });
});
