import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandResult, repoRoot, run } from "./bicepCli";
import { cloudNames, cloudTable } from "./cloudTable";

// The script runs against test/infra/fakeAz/az: a stand-in Azure CLI playing one tenant.
const script = join(repoRoot, "infra/scripts/grant-graph-permission.sh");
const principalId = "5b0f8d7e-0000-4000-8000-0000000000aa";
const graphServicePrincipalId = "9a1c7c1e-0000-4000-8000-00000000a001";
const readWriteRoleId = "9acd699f-1e81-4958-b001-93b1d2506e19";
const assignmentManagerRoleId = "e2182095-804a-4656-ae11-64734e9b7ae5";
const catalogId = "1f3e0b2a-0000-4000-8000-0000000000c1";

interface Call {
  readonly method: string;
  readonly url: string;
  readonly resource: string;
  readonly body: Record<string, string> | null;
}

interface FakeTenant {
  /** Runs the script with az signed in to this tenant's Azure cloud. */
  readonly grant: (env: Record<string, string>, args?: readonly string[]) => Promise<CommandResult>;
  readonly calls: () => Promise<Call[]>;
  readonly posts: () => Promise<Call[]>;
  readonly remove: () => Promise<void>;
}

async function fakeTenant(signedInTo: string): Promise<FakeTenant> {
  const directory = await mkdtemp(join(tmpdir(), "fake-tenant-"));
  await writeFile(join(directory, "cloud"), `${signedInTo}\n`);
  await writeFile(join(directory, "app-role-assignments.json"), "[]");
  await writeFile(join(directory, "role-assignments.json"), "[]");
  const calls = async (): Promise<Call[]> => {
    const log = await readFile(join(directory, "calls.jsonl"), "utf8").catch(() => "");
    return log
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Call);
  };
  return {
    grant: (env, args = []) =>
      run("bash", [script, ...args], {
        env: {
          ...process.env,
          PATH: `${join(repoRoot, "test/infra/fakeAz")}${delimiter}${process.env.PATH ?? ""}`,
          FAKE_AZ_STATE: directory,
          ...env,
        },
      }),
    calls,
    posts: async () => (await calls()).filter((call) => call.method === "post"),
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

const identityOf = (cloud: string): Record<string, string> => ({ GRAPH_CLOUD: cloud, MANAGED_IDENTITY_PRINCIPAL_ID: principalId });

describe("grant-graph-permission.sh", () => {
  describe.each(cloudNames)("for %s", (cloud) => {
    let tenant: FakeTenant;
    let result: CommandResult;

    beforeAll(async () => {
      tenant = await fakeTenant(cloudTable[cloud].armEnvironment);
      result = await tenant.grant(identityOf(cloud));
    });

    afterAll(() => tenant.remove());

    it("grants EntitlementManagement.ReadWrite.All on the Graph service principal, looked up at run time", async () => {
      expect(result.exitCode, result.stderr).toBe(0);
      expect((await tenant.posts()).map((call) => call.body)).toEqual([
        { principalId, resourceId: graphServicePrincipalId, appRoleId: readWriteRoleId },
      ]);
    });

    it("calls only the cloud's Graph endpoint from the cloud table, with a token for it", async () => {
      const graph = cloudTable[cloud].graphEndpoint;
      const strays = (await tenant.calls()).filter((call) => !call.url.startsWith(`${graph}/v1.0/`) || call.resource !== graph);
      expect(strays).toEqual([]);
    });
  });

  describe("run a second time", () => {
    let tenant: FakeTenant;
    let second: CommandResult;

    beforeAll(async () => {
      tenant = await fakeTenant("AzureCloud");
      await tenant.grant(identityOf("Global"));
      second = await tenant.grant(identityOf("Global"));
    });

    afterAll(() => tenant.remove());

    it("finds the app role already granted and posts nothing more", async () => {
      expect(second.stdout).toContain("nothing to do");
      expect(await tenant.posts()).toHaveLength(1);
    });
  });

  describe("with a catalog", () => {
    let tenant: FakeTenant;
    let first: CommandResult;
    let second: CommandResult;
    const args = ["--cloud", "China", "--principal-id", principalId, "--catalog-id", catalogId];

    beforeAll(async () => {
      tenant = await fakeTenant("AzureChinaCloud");
      first = await tenant.grant({}, args);
      second = await tenant.grant({}, args);
    });

    afterAll(() => tenant.remove());

    it("makes the identity Access Package Assignment Manager of that catalog only, instead of the app role", async () => {
      expect(first.exitCode, first.stderr).toBe(0);
      expect((await tenant.posts())[0]?.body).toEqual({
        principalId,
        roleDefinitionId: assignmentManagerRoleId,
        appScopeId: `/AccessPackageCatalog/${catalogId}`,
      });
    });

    it("finds the catalog role already granted on a second run and posts nothing more", async () => {
      expect(second.stdout).toContain("nothing to do");
      expect(await tenant.posts()).toHaveLength(1);
    });
  });

  describe("refuses", () => {
    let tenant: FakeTenant;

    beforeAll(async () => {
      tenant = await fakeTenant("AzureCloud");
    });

    afterAll(() => tenant.remove());

    it("to run while az is signed in to another Azure cloud, naming the one to choose", async () => {
      const result = await tenant.grant(identityOf("USGovDoD"));
      expect({ exitCode: result.exitCode, calls: await tenant.calls() }).toEqual({ exitCode: 1, calls: [] });
      expect(result.stderr).toContain("az cloud set --name AzureUSGovernment");
    });

    it("a cloud that is not in the cloud table, naming the ones that are", async () => {
      const result = await tenant.grant(identityOf("Germany"));
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("Global, USGov, USGovDoD, China");
    });
  });
});
