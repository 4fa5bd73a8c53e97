import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCli, type BuiltCli } from "../support/builtCli";
import { emulatorCliEnvironment } from "../support/graph/emulatorCliEnvironment";
import { GraphEmulator } from "../support/graph/graphEmulator";
import { spawnNode, type ProcessResult } from "../support/spawnedProcess";

const delivered = "11111111-1111-4111-8111-111111111111";
const throttledOnce = "22222222-2222-4222-8222-222222222222";
const expired = "33333333-3333-4333-8333-333333333333";
const unknown = "00000000-0000-4000-8000-00000000dead";
const accessPackageId = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const catalogId = "beedadfe-01d5-4025-910b-84abb9369997";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface TableRow {
  readonly outcome: string;
  readonly attempts: number;
  readonly requestId: string;
  readonly detail: string;
}

/** The result table, keyed by the first column (the header and the summary line left out). */
function tableRows(stdout: string): Map<string, TableRow> {
  const rows = new Map<string, TableRow>();
  for (const line of stdout.split("\n").slice(1).filter((l) => !/^\d+ items?:/.test(l))) {
    const match = /^(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match?.[1] !== undefined) {
      rows.set(match[1], { outcome: match[2] ?? "", attempts: Number(match[3]), requestId: match[4] ?? "", detail: match[5] ?? "" });
    }
  }
  return rows;
}

describe("the built entra-reprocess CLI, run as its own process against the Graph emulator", () => {
  let cli: BuiltCli;
  let emulator: GraphEmulator;
  let scratch: string;
  let env: Record<string, string>;

  const run = (args: readonly string[], overrides: Readonly<Record<string, string | undefined>> = {}): Promise<ProcessResult> => {
    const merged = Object.fromEntries(Object.entries({ ...env, ...overrides }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return spawnNode(cli.mainPath, args, merged).result;
  };
  const postsTo = (pathPart: string): number => emulator.requests.filter((r) => r.method === "POST" && r.path.includes(pathPart)).length;

  beforeAll(async () => {
    cli = buildCli();
    emulator = await GraphEmulator.start({
      assignments: [
        { id: delivered, state: "delivered", accessPackageId, targetObjectId: delivered },
        { id: throttledOnce, state: "delivered", accessPackageId, targetObjectId: throttledOnce },
        { id: expired, state: "expired", accessPackageId, targetObjectId: expired },
      ],
    });
    scratch = mkdtempSync(join(tmpdir(), "cli-test-"));
    env = emulatorCliEnvironment(emulator);
  }, 60_000);

  afterAll(async () => {
    await emulator.close();
    rmSync(scratch, { recursive: true, force: true });
    cli.remove();
  });

  beforeEach(() => {
    emulator.clearRecords();
    emulator.clearFaults();
    emulator.clearAppRoleAssignments();
    emulator.clearEntitlementRoleAssignments();
  });

  it("is what package.json's bin names: the compiled src/cli/main.ts, with a node shebang", () => {
    const { bin } = JSON.parse(readFileSync("package.json", "utf8")) as { bin: Record<string, string> };

    expect(bin["entra-reprocess"]).toBe("dist/cli/main.js");
    expect(readFileSync(cli.mainPath, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  describe("reprocess", () => {
    it("reprocesses a spreadsheet CSV and prints one row per id with its outcome, attempts and Graph request-id", async () => {
      const csv = join(scratch, "mixed.csv");
      writeFileSync(csv, `\uFEFFuser,"assignmentId"\r\nalice,${delivered}\r\n\r\nbob,"${expired}"\r\ncarol,${unknown}\r\ndave,not-a-guid\r\nerin,${throttledOnce}\r\n`);
      emulator.injectFault({ match: { method: "POST", pathIncludes: throttledOnce }, fault: { kind: "throttle", retryAfterSeconds: 1 } });

      const result = await run(["reprocess", "--file", csv]);

      const rows = tableRows(result.stdout);
      expect(rows.get(delivered)).toMatchObject({ outcome: "accepted", attempts: 1 });
      expect(rows.get(delivered)?.requestId).toMatch(guid);
      expect(rows.get(expired)).toMatchObject({ outcome: "notDelivered", attempts: 1 });
      expect(rows.get(expired)?.detail).toContain("'expired'");
      expect(rows.get(unknown)).toMatchObject({ outcome: "notFound", attempts: 1 });
      expect(rows.get(unknown)?.requestId).toMatch(guid);
      expect(rows.get("not-a-guid")).toMatchObject({ outcome: "invalidId", attempts: 0, requestId: "-" });
      expect(rows.get(throttledOnce)).toMatchObject({ outcome: "accepted", attempts: 2 });
      expect(result.stdout).toContain("5 items: 2 accepted, 1 invalidId, 1 notFound, 1 notDelivered");
      expect(result.code).toBe(1);
    });

    it("waits out Graph's Retry-After before calling again", async () => {
      emulator.injectFault({ match: { method: "POST", pathIncludes: throttledOnce }, fault: { kind: "throttle", retryAfterSeconds: 1 } });

      const result = await run(["reprocess", throttledOnce]);

      const posts = emulator.requests.filter((r) => r.method === "POST");
      expect(posts.map((r) => r.status)).toEqual([429, 202]);
      expect((posts[1]?.receivedAtMs ?? 0) - (posts[0]?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(950);
      expect(result.code).toBe(0);
    });

    it("reads ids from stdin with --file -", async () => {
      const result = await spawnNode(cli.mainPath, ["reprocess", "--file", "-"], env, `${delivered}\n${expired}\n`).result;

      expect([...tableRows(result.stdout).keys()]).toEqual([delivered, expired]);
    });

    it("exits 0 when every id is accepted", async () => {
      const result = await run(["reprocess", delivered]);

      expect(result.code).toBe(0);
      expect(tableRows(result.stdout).get(delivered)?.outcome).toBe("accepted");
    });

    it("prints a JSON array with --json and keeps the summary off stdout", async () => {
      const result = await run(["reprocess", "--json", delivered, expired]);

      const parsed = JSON.parse(result.stdout) as Record<string, unknown>[];
      expect(parsed).toMatchObject([
        { id: delivered, outcome: "accepted", attempts: 1, source: "argument 1" },
        { id: expired, outcome: "notDelivered", state: "expired", source: "argument 2" },
      ]);
      expect(parsed[0]?.graphRequestId).toMatch(guid);
      expect(parsed[0]?.clientRequestId).toMatch(guid);
      expect(result.stderr).toContain("2 items: 1 accepted, 1 notDelivered");
      expect(result.code).toBe(1);
    });

    it("makes no Graph call and asks for no token on a dry run", async () => {
      const result = await run(["reprocess", "--dry-run", delivered, "not-a-guid"]);

      expect(tableRows(result.stdout).get(delivered)?.outcome).toBe("wouldReprocess");
      expect(tableRows(result.stdout).get(delivered)?.detail).toContain(`POST ${emulator.baseUrl}`);
      expect(emulator.requests).toEqual([]);
      expect(emulator.identityRequests).toEqual([]);
      expect(result.code).toBe(1);
    });

    it("skips the state check with --no-check-state", async () => {
      await run(["reprocess", "--no-check-state", delivered]);

      expect(emulator.requests.map((r) => r.method)).toEqual(["POST"]);
    });

    it("cancels on Ctrl+C, prints what it has and exits 130", async () => {
      emulator.injectFault({ match: { method: "POST" }, fault: { kind: "hang" } });
      const spawned = spawnNode(cli.mainPath, ["reprocess", "--no-check-state", delivered], env);
      await expect.poll(() => emulator.requests.length, { timeout: 10_000 }).toBe(1);

      spawned.child.kill("SIGINT");
      const result = await spawned.result;

      expect(tableRows(result.stdout).get(delivered)?.outcome).toBe("cancelled");
      expect(result.code).toBe(130);
    });

    it("exits 2 naming the flag when --concurrency is not a number", async () => {
      const result = await run(["reprocess", "--concurrency", "many", delivered]);

      expect(result.stderr).toContain("--concurrency");
      expect(result.code).toBe(2);
    });

    it("exits 2 naming GRAPH_CLOUD and --cloud when no cloud is configured", async () => {
      const result = await run(["reprocess", delivered], { GRAPH_CLOUD: undefined });

      expect(result.stderr).toMatch(/GRAPH_CLOUD.*--cloud/);
      expect(result.code).toBe(2);
    });

    it("refuses a --cloud that does not match the emulator's, as Graph refuses its token", async () => {
      const result = await run(["reprocess", "--cloud", "USGov", delivered]);

      expect(tableRows(result.stdout).get(delivered)?.outcome).toBe("forbidden");
      expect(emulator.identityRequests.map((r) => r.resource)).toEqual(["https://graph.microsoft.us"]);
    });
  });

  describe("grant-permission", () => {
    it("grants EntitlementManagement.ReadWrite.All to the managed identity found by client id", async () => {
      const result = await run(["grant-permission", "--client-id", emulator.managedIdentityClientId]);

      expect(result.stdout).toContain("Result     granted");
      expect(postsTo("/appRoleAssignedTo")).toBe(1);
      expect(emulator.appRoleAssignments()).toEqual([expect.objectContaining({ principalId: emulator.managedIdentityPrincipalId })]);
      expect(result.code).toBe(0);
    });

    it("changes nothing on a second run and says it is already granted", async () => {
      await run(["grant-permission", "--principal-id", emulator.managedIdentityPrincipalId]);
      emulator.clearRecords();

      const second = await run(["grant-permission", "--principal-id", emulator.managedIdentityPrincipalId]);

      expect(second.stdout).toContain("already granted: nothing changed");
      expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
      expect(emulator.appRoleAssignments()).toHaveLength(1);
      expect(second.code).toBe(0);
    });

    it("assigns the catalog-scoped Access package assignment manager role with --catalog", async () => {
      const result = await run(["grant-permission", "--principal-id", emulator.managedIdentityPrincipalId, "--catalog", catalogId, "--json"]);

      expect(JSON.parse(result.stdout)).toMatchObject({ status: "granted", kind: "catalogRole", roleDefinitionId: "e2182095-804a-4656-ae11-64734e9b7ae5" });
      expect(emulator.entitlementRoleAssignments()).toEqual([expect.objectContaining({ appScopeId: `/AccessPackageCatalog/${catalogId}` })]);
    });

    it("only looks on a dry run, and shows the POST it would make", async () => {
      const result = await run(["grant-permission", "--principal-id", emulator.managedIdentityPrincipalId, "--dry-run"]);

      expect(result.stdout).toContain(`would POST ${emulator.baseUrl}/v1.0/servicePrincipals/`);
      expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
      expect(emulator.appRoleAssignments()).toEqual([]);
    });

    it("exits 1 with what to fix when the principal does not exist", async () => {
      const result = await run(["grant-permission", "--principal-id", unknown]);

      expect(result.stderr).toContain("--client-id");
      expect(result.code).toBe(1);
    });

    it("exits 2 when neither --principal-id nor --client-id is given", async () => {
      const result = await run(["grant-permission"]);

      expect(result.stderr).toContain("--principal-id");
      expect(result.code).toBe(2);
    });
  });

  describe("a broken setup, told apart from a busy Graph", () => {
    /** Outside Azure, signing in with the Azure CLI: no identity endpoint, so the default credential. */
    const azureCliEnv = (path: string): Record<string, string | undefined> => ({
      PATH: path,
      GRAPH_CREDENTIAL: "azureCli",
      IDENTITY_ENDPOINT: undefined,
      IDENTITY_HEADER: undefined,
    });

    it("exits 2 within 10 s, with no Graph call, when the Azure CLI is not on PATH", async () => {
      const startedMs = Date.now();
      const result = await run(["reprocess", delivered, expired, throttledOnce], azureCliEnv(""));

      expect(Date.now() - startedMs).toBeLessThan(10_000);
      expect(result.stderr).toContain("Azure CLI could not be found");
      expect(result.stderr).toContain("Fix: install the Azure CLI (https://aka.ms/azure-cli), then run 'az login'");
      expect(result.stdout).toBe("");
      expect(emulator.requests).toEqual([]);
      expect(result.code).toBe(2);
    });

    it("asks the Azure CLI for a token once, not once per attempt, when it is not signed in", async () => {
      const bin = join(scratch, "fake-az");
      const calls = join(scratch, "az-calls.txt");
      mkdirSync(bin, { recursive: true });
      rmSync(calls, { force: true });
      // What `az account get-access-token` prints before `az login`; each call leaves a line.
      writeFileSync(join(bin, "az"), `#!/bin/sh\necho called >> "${calls}"\necho "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`);
      chmodSync(join(bin, "az"), 0o755);

      const result = await run(["reprocess", delivered, expired, throttledOnce], azureCliEnv(bin));

      expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual(["called"]);
      expect(result.stderr).toContain("Fix: run 'az login'");
      expect(result.code).toBe(2);
    });

    it("exits 2 naming NODE_EXTRA_CA_CERTS when Graph's certificate is not trusted", async () => {
      const startedMs = Date.now();
      const result = await run(["reprocess", delivered, expired], { NODE_EXTRA_CA_CERTS: undefined });

      expect(Date.now() - startedMs).toBeLessThan(10_000);
      expect(result.stderr).toMatch(/not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
      expect(result.stderr).toContain("Fix: start the command with NODE_EXTRA_CA_CERTS=");
      expect(result.stderr).not.toContain("run it again later");
      expect(emulator.requests).toEqual([]);
      expect(result.code).toBe(2);
    });

    it("exits 2 naming ServiceBusConnection when its namespace does not resolve", async () => {
      // .invalid never resolves (RFC 6761), with or without a network.
      const result = await run(["enqueue", delivered], { ServiceBusConnection: "Endpoint=sb://entra-reprocess-test.invalid;SharedAccessKeyName=k;SharedAccessKey=v" });

      expect(result.stderr).toContain("does not resolve");
      expect(result.stderr).toContain("Fix: check ServiceBusConnection");
      expect(result.code).toBe(2);
    });

    it("suggests the closest real flag for a mistyped one", async () => {
      const result = await run(["reprocess", "--concurency", "4", delivered]);

      expect(result.stderr).toContain("Unknown option '--concurency'. Did you mean '--concurrency'?");
      expect(result.code).toBe(2);
    });
  });

  it("writes progress lines with done/total to a piped stderr while a run lasts", async () => {
    // Longer than the 5 s between lines, so at least one is due before the run ends.
    emulator.injectFault({ match: { method: "POST" }, fault: { kind: "delay", delayMs: 5_500 } });

    const result = await run(["reprocess", "--no-check-state", delivered]);

    expect(result.stderr).toMatch(/^reprocess: 0\/1 done \(0 accepted, 0 other\)$/m);
    expect(result.code).toBe(0);
  });

  it("prints each command's help with --help and exits 0", async () => {
    const result = await run(["grant-permission", "--help"]);

    expect(result.stdout).toContain("Usage: entra-reprocess grant-permission");
    expect(result.code).toBe(0);
  });
});
