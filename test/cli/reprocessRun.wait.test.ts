import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCli, type BuiltCli } from "../support/builtCli";
import type { EmulatedAssignment } from "../support/graph/emulatedAssignment";
import type { EmulatedAssignmentRequest } from "../support/graph/emulatedAssignmentRequest";
import { emulatorCliEnvironment } from "../support/graph/emulatorCliEnvironment";
import { GraphEmulator } from "../support/graph/graphEmulator";
import { spawnNode, type ProcessResult } from "../support/spawnedProcess";

const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const deliveredSoon = "10000000-0000-4000-8000-000000000001";
const failsAgain = "10000000-0000-4000-8000-000000000002";
const deliveringLong = "10000000-0000-4000-8000-000000000003";
const requestDeliveredSoon = "20000000-0000-4000-8000-000000000001";
const hour = 3_600_000;

// Scripted on the emulator's (real) clock: delivered a second after the 202, failed again, delivering for an hour.
const assignments = (): EmulatedAssignment[] => [
  { id: deliveredSoon, state: "delivered", accessPackageId: pkg, targetObjectId: pkg, afterReprocess: { state: "delivered", afterMs: 1_000 } },
  { id: failsAgain, state: "delivered", accessPackageId: pkg, targetObjectId: pkg, afterReprocess: { state: "deliveryFailed", afterMs: 500 } },
  { id: deliveringLong, state: "delivered", accessPackageId: pkg, targetObjectId: pkg, afterReprocess: { state: "delivered", afterMs: hour } },
];
const requests = (): EmulatedAssignmentRequest[] => [
  {
    id: requestDeliveredSoon,
    state: "deliveryFailed",
    requestType: "userAdd",
    createdDateTime: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    completedDateTime: new Date(Date.now() - 86_400_000).toISOString(),
    accessPackageId: pkg,
    requestorObjectId: pkg,
    afterReprocess: { state: "delivered", afterMs: 1_000 },
  },
];

interface WaitedItem {
  readonly id: string;
  readonly outcome: string;
  readonly delivery?: string;
  readonly finalState?: string;
  readonly reads?: number;
}

describe("entra-reprocess reprocess --wait and reprocess-request --wait, run as their own process against the Graph emulator", () => {
  let cli: BuiltCli;
  let emulator: GraphEmulator;
  let env: Record<string, string>;

  const run = (args: readonly string[]): Promise<ProcessResult> => spawnNode(cli.mainPath, args, env).result;
  const waited = async (args: readonly string[]): Promise<{ result: ProcessResult; items: WaitedItem[] }> => {
    const result = await run([...args, "--wait", "--json"]);
    return { result, items: JSON.parse(result.stdout) as WaitedItem[] };
  };

  beforeAll(async () => {
    cli = buildCli();
    emulator = await GraphEmulator.start({ assignments: assignments(), assignmentRequests: requests() });
    env = emulatorCliEnvironment(emulator);
  }, 60_000);

  afterAll(async () => {
    await emulator.close();
    cli.remove();
  });

  beforeEach(() => {
    for (const seed of assignments()) emulator.upsertAssignment(seed);
    for (const seed of requests()) emulator.upsertAssignmentRequest(seed);
  });

  it("exits 0 once every accepted assignment is delivered, printing its final state", async () => {
    const { result, items } = await waited(["reprocess", deliveredSoon]);
    expect(items).toEqual([expect.objectContaining({ id: deliveredSoon, outcome: "accepted", delivery: "delivered", finalState: "delivered" })]);
    expect(result.code).toBe(0);
  });

  it("exits 1 when an assignment's delivery failed again, printing the state it ended in", async () => {
    const { result, items } = await waited(["reprocess", deliveredSoon, failsAgain]);
    expect(items.map((item) => [item.id, item.delivery, item.finalState])).toEqual([
      [deliveredSoon, "delivered", "delivered"],
      [failsAgain, "notDelivered", "deliveryFailed"],
    ]);
    expect(result.code).toBe(1);
  });

  it("exits 1 with timedOut for an assignment still delivering when --wait-timeout passes", async () => {
    const started = Date.now();
    const { result, items } = await waited(["reprocess", deliveringLong, "--wait-timeout", "3"]);
    expect(items).toEqual([expect.objectContaining({ delivery: "timedOut", finalState: "delivering" })]);
    expect([result.code, Date.now() - started < 15_000]).toEqual([1, true]);
  });

  it("waits for a request too, until it is delivered", async () => {
    const { result, items } = await waited(["reprocess-request", requestDeliveredSoon]);
    expect(items).toEqual([expect.objectContaining({ id: requestDeliveredSoon, delivery: "delivered", finalState: "delivered" })]);
    expect(result.code).toBe(0);
  });

  it("prints the delivery and final state columns and a summary that counts them", async () => {
    const result = await run(["reprocess", deliveredSoon, failsAgain, "--wait"]);
    expect(result.stdout.split("\n")[0]).toMatch(/^ASSIGNMENT ID\s+OUTCOME\s+DELIVERY\s+FINAL STATE\s+ATTEMPTS\s+GRAPH REQUEST-ID\s+DETAIL$/);
    expect(result.stdout).toContain("2 items: 2 accepted; delivery: 1 delivered, 1 notDelivered");
  });

  it("refuses --wait-timeout without --wait, naming the flag", async () => {
    const result = await run(["reprocess", deliveredSoon, "--wait-timeout", "3"]);
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining("--wait-timeout applies with --wait only") as unknown]);
  });
});
