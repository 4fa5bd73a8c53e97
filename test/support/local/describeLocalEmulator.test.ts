import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliCommandLine, describeLocalEmulator } from "./describeLocalEmulator";
import { startLocalEmulator, type LocalEmulator } from "./localEmulator";

describe("describeLocalEmulator", () => {
  let local: LocalEmulator;

  beforeAll(async () => {
    local = await startLocalEmulator({ GRAPH_EMULATOR_PORT: "0", IDENTITY_EMULATOR_PORT: "0", AMQP_PEER_PORT: "0" });
  });
  afterAll(async () => local.close());

  it("lists the seeded ids of every state", () => {
    const text = describeLocalEmulator(local);

    for (const ids of Object.values(local.seed.idsByState)) {
      for (const id of ids) expect(text).toContain(id);
    }
  });

  it("lists the seeded request ids and the catalog with its access packages", () => {
    const text = describeLocalEmulator(local);

    for (const id of [...Object.values(local.seed.requestIds), local.seed.catalog.id, ...local.seed.catalog.accessPackages.map((accessPackage) => accessPackage.id)]) {
      expect(text).toContain(id);
    }
  });

  it("prints a CLI command carrying every setting, with the managed identity credential, for a delivered id", () => {
    const line = cliCommandLine(local);

    // Quoted where the shell needs it (the connection string's semicolons).
    for (const [name, value] of Object.entries(local.settings)) expect(line).toMatch(new RegExp(`${name}='?${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'?( |$)`));
    expect(line).toContain("GRAPH_CREDENTIAL=managedIdentity");
    expect(line).toMatch(new RegExp(`npx entra-reprocess reprocess ${local.seed.idsByState.delivered[0] ?? "?"}$`));
  });

  it("includes the enqueue and parked commands in what npm run emulator prints", () => {
    const text = describeLocalEmulator(local);

    expect(text).toContain(`npx entra-reprocess enqueue --access-package ${local.seed.fanOutAccessPackageId}`);
    expect(text).toContain("npx entra-reprocess parked list");
    expect(text).toContain("npx entra-reprocess parked replay --dry-run");
  });

  it("includes that CLI command in what npm run emulator prints", () => {
    expect(describeLocalEmulator(local)).toContain(cliCommandLine(local));
  });
});
