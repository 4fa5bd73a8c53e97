import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GraphEmulator } from "../support/graph/graphEmulator";
import { testCertificate } from "../support/testCertificate";
import { type CommandResult, repoRoot, run } from "./bicepCli";

// The postprovision hook as azd runs it: the script itself (azd executes the path), with the
// environment azd gives a hook (the azd environment's values and infra/main.bicep's outputs).
// Only two things stand in for Azure: test/infra/fakeAz/az plays the deployer's Azure CLI login
// (the TypeScript grant gets its token through AzureCliCredential, as on a real machine), and
// GRAPH_BASE_URL points the grant at the Graph emulator.
const hook = join(repoRoot, "infra/scripts/grant-graph-permission.sh");
const catalogId = "beedadfe-01d5-4025-910b-84abb9369997";
const catalogRoleTemplateId = "e2182095-804a-4656-ae11-64734e9b7ae5";
// Each run starts tsx on a loaded machine; the grant itself takes milliseconds.
const runTimeoutMs = 60_000;

describe("the postprovision grant hook, run as azd runs it, against the Graph emulator", () => {
  let emulator: GraphEmulator;
  let scratch: string;
  let azLog: string;

  /** What azd puts in a hook's environment after `azd provision` of a USGov environment. */
  const azdEnvironment = (): Record<string, string> => ({
    AZURE_ENV_NAME: "reprocessor-usgov",
    AZURE_LOCATION: "usgovvirginia",
    AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-00000000a001",
    AZURE_TENANT_ID: "00000000-0000-0000-0000-00000000b001",
    AZURE_RESOURCE_GROUP: "rg-reprocessor-usgov",
    GRAPH_CLOUD: "USGov",
    HOSTING_PLAN: "ElasticPremium",
    MANAGED_IDENTITY_PRINCIPAL_ID: emulator.managedIdentityPrincipalId,
    MANAGED_IDENTITY_CLIENT_ID: emulator.managedIdentityClientId,
    FUNCTION_APP_NAME: "func-reprocessor-usgov-abc123",
    SERVICE_BUS_NAMESPACE: "sb-reprocessor-usgov-abc123",
    REPROCESS_QUEUE_NAME: "reprocess",
    REPROCESS_PARKED_QUEUE_NAME: "reprocess-parked",
  });

  const runHook = (env: Record<string, string> = {}, azCloud = "AzureUSGovernment"): Promise<CommandResult> =>
    run(hook, [], {
      env: {
        PATH: [join(repoRoot, "test/infra/fakeAz"), dirname(process.execPath), "/usr/bin", "/bin"].join(delimiter),
        HOME: scratch,
        FAKE_AZ_CLOUD: azCloud,
        FAKE_AZ_LOG: azLog,
        GRAPH_BASE_URL: emulator.baseUrl,
        NODE_EXTRA_CA_CERTS: testCertificate.certPath,
        ...azdEnvironment(),
        ...env,
      },
    });

  const nonGetRequests = (): number => emulator.requests.filter((request) => request.method !== "GET").length;

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ cloud: "USGov" });
    scratch = await mkdtemp(join(tmpdir(), "grant-hook-"));
    azLog = join(scratch, "az-calls.log");
  }, 60_000);

  afterAll(async () => {
    await emulator.close();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    emulator.clearRecords();
    emulator.clearFaults();
    emulator.clearAppRoleAssignments();
    emulator.clearEntitlementRoleAssignments();
  });

  it(
    "grants EntitlementManagement.ReadWrite.All to the identity named by the deployment's outputs",
    async () => {
      const result = await runHook();

      expect(result.stdout).toContain("Result     granted");
      expect(emulator.appRoleAssignments()).toEqual([expect.objectContaining({ principalId: emulator.managedIdentityPrincipalId })]);
      expect(result.exitCode, result.stderr).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "gets its Graph token from the deployer's az login, for the Graph of GRAPH_CLOUD",
    async () => {
      await runHook();

      const tokenRequests = (await readFile(azLog, "utf8")).split("\n").filter((line) => line.startsWith("account get-access-token"));
      expect(tokenRequests).not.toEqual([]);
      expect(tokenRequests.every((line) => line.includes("--resource https://graph.microsoft.us"))).toBe(true);
    },
    runTimeoutMs,
  );

  it(
    "with GRAPH_GRANT_CATALOG_ID, assigns the catalog role found by its template id, though Graph spells its name differently",
    async () => {
      const result = await runHook({ GRAPH_GRANT_CATALOG_ID: catalogId });

      expect(emulator.entitlementRoleAssignments()).toEqual([
        expect.objectContaining({
          principalId: emulator.managedIdentityPrincipalId,
          roleDefinitionId: catalogRoleTemplateId,
          appScopeId: `/AccessPackageCatalog/${catalogId}`,
        }),
      ]);
      expect(emulator.appRoleAssignments()).toEqual([]);
      expect(result.exitCode, result.stderr).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "changes nothing when run a second time, as a re-provision does",
    async () => {
      await runHook();
      emulator.clearRecords();

      const second = await runHook();

      expect(second.stdout).toContain("already granted: nothing changed");
      expect(nonGetRequests()).toBe(0);
      expect(second.exitCode, second.stderr).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "with GRANT_PERMISSION=false, calls neither az nor Graph and prints the administrator's command with the role it needs",
    async () => {
      await rm(azLog, { force: true });

      const result = await runHook({ GRANT_PERMISSION: "false" });

      expect(result.stdout).toContain("Role needed: Privileged Role Administrator");
      expect(result.stdout).toContain("az cloud set --name AzureUSGovernment && az login");
      expect(result.stdout).toContain(`npx tsx src/cli/main.ts grant-permission --cloud USGov --principal-id ${emulator.managedIdentityPrincipalId}\n`);
      expect(emulator.requests).toEqual([]);
      expect(await readFile(azLog, "utf8").catch(() => "")).toBe("");
      expect(result.exitCode, result.stderr).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "with GRANT_PERMISSION=false and a catalog, names the catalog's owner or Identity Governance Administrator and the --catalog flag",
    async () => {
      const result = await runHook({ GRANT_PERMISSION: "false", GRAPH_GRANT_CATALOG_ID: catalogId });

      expect(result.stdout).toContain(`Role needed: an owner of catalog ${catalogId}, or Identity Governance Administrator`);
      expect(result.stdout).toContain(`--principal-id ${emulator.managedIdentityPrincipalId} --catalog ${catalogId}\n`);
      expect(result.exitCode, result.stderr).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "prints an administrator command that makes the grant when run as printed",
    async () => {
      const skipped = await runHook({ GRANT_PERMISSION: "false" });
      const command = skipped.stdout
        .split("\n")
        .map((line) => line.trim())
        .find((line) => line.startsWith("npx tsx src/cli/main.ts grant-permission") && !line.includes("--dry-run"));
      expect(command).toBeDefined();

      const result = await run("bash", ["-c", command ?? "false"], {
        env: {
          PATH: [join(repoRoot, "test/infra/fakeAz"), dirname(process.execPath), "/usr/bin", "/bin"].join(delimiter),
          HOME: scratch,
          FAKE_AZ_CLOUD: "AzureUSGovernment",
          GRAPH_BASE_URL: emulator.baseUrl,
          NODE_EXTRA_CA_CERTS: testCertificate.certPath,
        },
      });

      expect(emulator.appRoleAssignments()).toEqual([expect.objectContaining({ principalId: emulator.managedIdentityPrincipalId })]);
      expect(result.exitCode, result.stderr).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "when Graph refuses the grant, exits non-zero with the administrator's command and how to finish azd up without it",
    async () => {
      emulator.injectFault({ match: { method: "POST", pathIncludes: "/appRoleAssignedTo" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });

      const result = await runHook();

      expect(result.stderr).toContain("Role needed: Privileged Role Administrator");
      expect(result.stderr).toContain("azd env set GRANT_PERMISSION false && azd up");
      expect(result.exitCode).not.toBe(0);
    },
    runTimeoutMs,
  );

  it(
    "refuses before any Graph call when az is signed in to another Azure cloud",
    async () => {
      const result = await runHook({}, "AzureCloud");

      expect(result.stderr).toContain("az cloud set --name AzureUSGovernment");
      expect(emulator.requests).toEqual([]);
      expect(result.exitCode).toBe(2);
    },
    runTimeoutMs,
  );
});
