import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startQueueTestBed, startSharedServiceBus, type QueueTestBed, type SharedServiceBus } from "../../support/amqp/queueTestBed";
import { buildCli, type BuiltCli } from "../../support/builtCli";
import type { EmulatedAssignmentRequest } from "../../support/graph/emulatedAssignmentRequest";
import { spawnNode, type ProcessResult } from "../../support/spawnedProcess";
import { testCertificate } from "../../support/testCertificate";

const dayMs = 24 * 60 * 60 * 1000;
const packageA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const packageB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const target = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const failedRecent = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e01";
const partialRecent = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e02";
const failedTenDaysAgo = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e03";
const failedPastWindow = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e04";
const delivered = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e05";

function request(id: string, state: EmulatedAssignmentRequest["state"], completedDaysAgo: number, accessPackageId: string): EmulatedAssignmentRequest {
  const nowMs = Date.now();
  return {
    id,
    state,
    requestType: "userAdd",
    // Created well before it completed, as a request that waited for approval.
    createdDateTime: new Date(nowMs - (completedDaysAgo + 7) * dayMs).toISOString(),
    completedDateTime: new Date(nowMs - completedDaysAgo * dayMs).toISOString(),
    accessPackageId,
    requestorObjectId: target,
  };
}

interface HealRowObject {
  readonly id: string;
  readonly state: string;
  readonly accessPackageId?: string;
  readonly requestorObjectId?: string;
  readonly completedDateTime?: string;
  readonly insideWindow: boolean;
  readonly action: string;
}

describe("entra-reprocess heal, run as its own process against the Graph emulator and the AMQP peer", () => {
  let cli: BuiltCli;
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed;

  const run = (args: readonly string[]): Promise<ProcessResult> =>
    spawnNode(cli.mainPath, ["heal", ...args], {
      PATH: process.env.PATH ?? "",
      GRAPH_CLOUD: "Global",
      GRAPH_BASE_URL: bed.graph.emulator.baseUrl,
      GRAPH_CREDENTIAL: "managedIdentity",
      IDENTITY_ENDPOINT: bed.graph.emulator.identityEndpoint,
      IDENTITY_HEADER: bed.graph.emulator.identityHeader,
      NODE_EXTRA_CA_CERTS: testCertificate.certPath,
      ServiceBusConnection: serviceBus.peer.connectionString,
      REPROCESS_QUEUE_NAME: bed.queue.queueName,
      REPROCESS_PARKED_QUEUE_NAME: bed.queue.parkedQueueName,
    }).result;
  const rowsOf = (result: ProcessResult): HealRowObject[] => JSON.parse(result.stdout) as HealRowObject[];
  const posts = (): string[] => bed.graph.emulator.requests.filter((r) => r.method === "POST").map((r) => r.path);

  beforeAll(async () => {
    cli = buildCli();
    serviceBus = await startSharedServiceBus();
  }, 60_000);

  afterAll(async () => {
    await serviceBus.close();
    cli.remove();
  });

  beforeEach(async () => {
    bed = await startQueueTestBed({
      serviceBus,
      emulator: {
        assignmentRequests: [
          request(failedRecent, "deliveryFailed", 2, packageA),
          request(partialRecent, "partiallyDelivered", 5, packageB),
          request(failedTenDaysAgo, "deliveryFailed", 10, packageA),
          request(failedPastWindow, "deliveryFailed", 20, packageA),
          request(delivered, "delivered", 1, packageA),
        ],
      },
    });
  });

  afterEach(async () => {
    await bed.close();
  });

  it("lists every failed request on a dry run, with its window and action, and calls no reprocess", async () => {
    const result = await run(["--dry-run"]);

    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^REQUEST ID\s+STATE\s+ACCESS PACKAGE\s+TARGET\s+COMPLETED \(UTC\)\s+INSIDE WINDOW\s+ACTION$/);
    expect(result.stdout).toMatch(new RegExp(`^${failedRecent}\\s+deliveryFailed\\s+${packageA}\\s+${target}\\s+\\S+Z\\s+yes\\s+reprocess$`, "m"));
    expect(result.stdout).toMatch(new RegExp(`^${failedPastWindow}\\s+deliveryFailed\\s+.*\\s+no\\s+skipWindowClosed$`, "m"));
    expect(result.stdout).not.toContain(delivered);
    expect(result.stdout).toContain("4 failed requests listed: 3 to reprocess, 1 past the 14-day window, 0 completed more than 14 days ago.");
    expect(posts()).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("prints the dry run as JSON objects with --json", async () => {
    const result = await run(["--dry-run", "--json"]);

    const row = rowsOf(result).find((candidate) => candidate.id === partialRecent);
    expect(row).toMatchObject({ id: partialRecent, state: "partiallyDelivered", accessPackageId: packageB, requestorObjectId: target, insideWindow: true, action: "reprocess" });
    expect(row?.completedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(result.stderr).toContain("4 failed requests listed");
  });

  it("prints the dry run as CSV headed by the JSON field names with --csv", async () => {
    const result = await run(["--dry-run", "--csv"]);

    const lines = result.stdout.split("\r\n");
    expect(lines[0]).toBe("id,state,accessPackageId,requestorObjectId,completedDateTime,insideWindow,action");
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${failedPastWindow},deliveryFailed,${packageA},${target},[^,]+Z,false,skipWindowClosed$`)));
    expect(lines.filter((line) => line !== "")).toHaveLength(5);
  });

  it("lists only the requests for --access-package", async () => {
    const result = await run(["--dry-run", "--json", "--access-package", packageB.toUpperCase()]);

    expect(rowsOf(result).map((row) => row.id)).toEqual([partialRecent]);
  });

  it("marks a request completed before --since-days as skipped", async () => {
    const result = await run(["--dry-run", "--json", "--since-days", "7"]);

    expect(rowsOf(result).find((row) => row.id === failedTenDaysAgo)).toMatchObject({ insideWindow: true, action: "skipOlderThanSinceDays" });
  });

  it("exits 2 naming --since-days when it is beyond the 14-day window", async () => {
    const result = await run(["--dry-run", "--since-days", "15"]);

    expect(result.stderr).toContain("--since-days must be a whole number from 1 to 14");
    expect(result.code).toBe(2);
  });

  it("reprocesses exactly the inside-window requests through the pool and exits 0", async () => {
    const result = await run(["--json"]);

    const results = JSON.parse(result.stdout) as { id: string; outcome: string }[];
    expect(results.map((r) => [r.id, r.outcome]).sort()).toEqual([
      [failedRecent, "accepted"],
      [partialRecent, "accepted"],
      [failedTenDaysAgo, "accepted"],
    ]);
    expect(bed.graph.emulator.requestReprocessCount(failedPastWindow)).toBe(0);
    expect(result.code).toBe(0);
  });

  it("enqueues one reprocessRequest per inside-window request, and a rerun in the same minute sends nothing twice", async () => {
    // Both runs must fall in one minute: the message ids derive from it.
    const secondsIntoMinute = new Date().getUTCSeconds();
    if (secondsIntoMinute > 45) await sleep((61 - secondsIntoMinute) * 1000);

    const first = await run(["--enqueue", "--json"]);
    const second = await run(["--enqueue", "--json"]);

    const firstReport = JSON.parse(first.stdout) as { requestId: string; sent: number };
    const secondReport = JSON.parse(second.stdout) as { requestId: string };
    expect(firstReport.requestId).toMatch(/^heal-\d{8}T\d{4}00Z$/);
    expect(secondReport.requestId).toBe(firstReport.requestId);
    expect(firstReport.sent).toBe(3);
    const work = bed.work();
    expect(work.map((message) => message.messageId).sort()).toEqual([failedRecent, failedTenDaysAgo, partialRecent].map((id) => `${firstReport.requestId}:${id}`).sort());
    expect(work.map((message) => (message.body.kind === "data" ? message.body.json : undefined))).toContainEqual({ type: "reprocessRequest", assignmentRequestId: failedRecent });
    expect(posts()).toEqual([]);
    expect(first.code).toBe(0);
  }, 60_000);
});
