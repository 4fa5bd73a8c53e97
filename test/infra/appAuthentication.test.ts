import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli } from "./bicepCli";
import { startBicepServer, type BicepServer } from "./bicepServer";
import { cloudNames, cloudTable, parameterFiles, regions, type CloudName } from "./cloudTable";
import { armEnvironmentOf, buildParameters, expectDeployed, snapshotDeployment, tenantId, type DeploymentSnapshot, type SnapshotResource } from "./deploymentSnapshot";
import { appSettings, property, resourcesOfType } from "./snapshotQueries";

const audience = "api://entra-assignment-reprocessor";
const clientId = "3c2b1a09-8f7e-4d6c-9b5a-493827161504";
const callers = ["0d7c6b5a-4e3f-4a1b-9c8d-7e6f5a4b3c2d", "1e8d7c6b-5f4a-4b2c-8d9e-8f7a6b5c4d3e"];
const entraParameters = { httpAuth: "entra", httpAuthAudience: audience, httpAuthClientId: clientId, httpAuthAllowedCallers: callers };

const suite = "App Service Authentication in each cloud's deployment";

function authSettingsOf(snapshot: DeploymentSnapshot): SnapshotResource[] {
  return resourcesOfType(snapshot, "Microsoft.Web/sites/config").filter((resource) => resource.name.endsWith("/authsettingsV2"));
}

describe(suite, () => {
  let server: BicepServer | undefined;
  const entra = new Map<CloudName, DeploymentSnapshot>();
  const functionKey = new Map<CloudName, DeploymentSnapshot>();
  const deploy = async (cloud: CloudName, overrides?: Record<string, unknown>): Promise<DeploymentSnapshot> => {
    if (server === undefined) throw new Error("no Bicep server");
    const built = await buildParameters(server, parameterFiles[cloud], overrides);
    return expectDeployed(server, { built, armEnvironment: armEnvironmentOf(cloud), location: regions[cloud] });
  };
  const snapshot = (map: Map<CloudName, DeploymentSnapshot>, cloud: CloudName): DeploymentSnapshot => {
    const found = map.get(cloud);
    if (found === undefined) throw new Error(`no snapshot for ${cloud}`);
    return found;
  };

  beforeAll(async () => {
    server = startBicepServer(await getBicepCli());
    for (const cloud of cloudNames) {
      entra.set(cloud, await deploy(cloud, entraParameters));
      functionKey.set(cloud, await deploy(cloud));
    }
  }, bicepHookTimeoutMs);
  afterAll(() => {
    server?.close();
  });

  describe.each(cloudNames)("%s with httpAuth=entra", (cloud) => {
    const auth = (): SnapshotResource => {
      const [resource, ...others] = authSettingsOf(snapshot(entra, cloud));
      if (resource === undefined || others.length > 0) throw new Error("expected exactly one authsettingsV2 resource");
      return resource;
    };

    it("requires authentication and answers unauthenticated callers 401", () => {
      expect([property(auth(), "platform.enabled"), property(auth(), "globalValidation.requireAuthentication"), property(auth(), "globalValidation.unauthenticatedClientAction")]).toEqual([true, true, "Return401"]);
    });

    it("trusts the tenant's v2.0 issuer in this cloud, from the cloud table", () => {
      expect(property(auth(), "identityProviders.azureActiveDirectory.registration.openIdIssuer")).toBe(cloudTable[cloud].tokenIssuerV2.replace("{tenantId}", tenantId));
    });

    it("accepts the audience and lets in only the allowed callers", () => {
      expect({
        clientId: property(auth(), "identityProviders.azureActiveDirectory.registration.clientId"),
        audiences: property(auth(), "identityProviders.azureActiveDirectory.validation.allowedAudiences"),
        applications: property(auth(), "identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy.allowedApplications"),
      }).toEqual({ clientId, audiences: [audience], applications: callers });
    });

    it("tells the app to check tokens itself, for the same tenant, audience and role", () => {
      const settings = appSettings(snapshot(entra, cloud));
      expect(["HTTP_AUTH", "HTTP_AUTH_TENANT_ID", "HTTP_AUTH_AUDIENCE", "HTTP_AUTH_ROLE"].map((name) => settings.get(name))).toEqual(["entra", tenantId, audience, "Reprocess.Invoke"]);
    });
  });

  describe.each(cloudNames)("%s with httpAuth left at functionKey", (cloud) => {
    it("has no App Service Authentication", () => {
      expect(authSettingsOf(snapshot(functionKey, cloud))).toEqual([]);
    });

    it("sets no HTTP_AUTH setting, so the app keeps function keys", () => {
      expect([...appSettings(snapshot(functionKey, cloud)).keys()].filter((name) => name.startsWith("HTTP_AUTH"))).toEqual([]);
    });
  });

  it("leaves App Service Authentication off, and the app's own check on, with platformAuthentication=false", async () => {
    const deployed = await deploy("USGov", { ...entraParameters, platformAuthentication: false, httpAuthAllowedCallers: [] });
    expect([authSettingsOf(deployed), appSettings(deployed).get("HTTP_AUTH")]).toEqual([[], "entra"]);
  });

  it("refuses httpAuth=entra without an audience, before anything is created", async () => {
    if (server === undefined) throw new Error("no Bicep server");
    const built = await buildParameters(server, parameterFiles.China, { httpAuth: "entra", httpAuthAllowedCallers: callers });
    const result = await snapshotDeployment(server, { built, armEnvironment: armEnvironmentOf("China"), location: regions.China });
    expect(result.deployed ? "deployed" : result.message).toContain("httpAuthAudience is empty");
  });
});
