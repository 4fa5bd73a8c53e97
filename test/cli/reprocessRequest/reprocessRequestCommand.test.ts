import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCli, type BuiltCli } from "../../support/builtCli";
import type { EmulatedAssignmentRequest } from "../../support/graph/emulatedAssignmentRequest";
import { emulatorCliEnvironment } from "../../support/graph/emulatorCliEnvironment";
import { GraphEmulator } from "../../support/graph/graphEmulator";
import { spawnNode, type ProcessResult } from "../../support/spawnedProcess";

const dayMs = 24 * 60 * 60 * 1000;
const accessPackageId = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const failed = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e01";
const partial = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e02";
const pastWindow = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e03";
const delivered = "7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e04";
const unknown = "00000000-0000-4000-8000-00000000dead";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function request(id: string, state: EmulatedAssignmentRequest["state"], completedDaysAgo: number): EmulatedAssignmentRequest {
  const nowMs = Date.now();
  return {
    id,
    state,
    requestType: "userAdd",
    createdDateTime: new Date(nowMs - (completedDaysAgo + 1) * dayMs).toISOString(),
    completedDateTime: new Date(nowMs - completedDaysAgo * dayMs).toISOString(),
    accessPackageId,
    requestorObjectId: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
  };
}

interface ResultObject {
  readonly id: string;
  readonly outcome: string;
  readonly detail: string;
  readonly attempts: number;
  readonly state?: string;
  readonly completedDateTime?: string;
  readonly graphRequestId?: string;
}

describe("entra-reprocess reprocess-request, run as its own process against the Graph emulator", () => {
  let cli: BuiltCli;
  let emulator: GraphEmulator;
  let env: Record<string, string>;

  const run = (args: readonly string[]): Promise<ProcessResult> => spawnNode(cli.mainPath, ["reprocess-request", ...args], env).result;
  const only = async (args: readonly string[]): Promise<{ result: ProcessResult; item: ResultObject | undefined }> => {
    const result = await run(["--json", ...args]);
    return { result, item: (JSON.parse(result.stdout) as ResultObject[])[0] };
  };
  const requestPosts = (): number => emulator.requests.filter((r) => r.method === "POST" && r.path.includes("/assignmentRequests/")).length;

  beforeAll(async () => {
    cli = buildCli();
    emulator = await GraphEmulator.start({
      assignmentRequests: [request(failed, "deliveryFailed", 2), request(partial, "partiallyDelivered", 5), request(pastWindow, "deliveryFailed", 20), request(delivered, "delivered", 1)],
    });
    env = emulatorCliEnvironment(emulator);
  }, 60_000);

  afterAll(async () => {
    await emulator.close();
    cli.remove();
  });

  beforeEach(() => {
    emulator.clearRecords();
    emulator.clearFaults();
    // An accepted reprocess delivers the request; put every seed back as it was.
    for (const seed of [request(failed, "deliveryFailed", 2), request(partial, "partiallyDelivered", 5), request(pastWindow, "deliveryFailed", 20), request(delivered, "delivered", 1)]) {
      emulator.upsertAssignmentRequest(seed);
    }
  });

  it("reprocesses a deliveryFailed request inside its window and exits 0 with Graph's request-id", async () => {
    const { result, item } = await only([failed]);

    expect(item).toMatchObject({ id: failed, outcome: "accepted", attempts: 1 });
    expect(item?.graphRequestId).toMatch(guid);
    expect(emulator.requestReprocessCount(failed)).toBe(1);
    expect(result.code).toBe(0);
  });

  it("prints a table headed REQUEST ID with one row per id and the summary", async () => {
    const result = await run([failed, partial]);

    expect(result.stdout.split("\n")[0]).toMatch(/^REQUEST ID\s+OUTCOME\s+ATTEMPTS\s+GRAPH REQUEST-ID\s+DETAIL$/);
    expect(result.stdout).toMatch(new RegExp(`^${partial}\\s+accepted\\s+1\\s`, "m"));
    expect(result.stdout).toContain("2 items: 2 accepted");
  });

  it("refuses an id that is not a GUID without calling Graph", async () => {
    const { result, item } = await only(["not-a-guid"]);

    expect(item).toMatchObject({ id: "not-a-guid", outcome: "invalidId", attempts: 0 });
    expect(item?.detail).toContain("assignment request id");
    expect(emulator.requests).toEqual([]);
    expect(result.code).toBe(1);
  });

  it("reports an unknown request as notFound", async () => {
    const { result, item } = await only([unknown]);

    expect(item).toMatchObject({ outcome: "notFound" });
    expect(item?.detail).toContain(`Assignment request ${unknown} does not exist`);
    expect(result.code).toBe(1);
  });

  it("reports a delivered request as notReprocessable, naming its state, and does not POST", async () => {
    const { item } = await only([delivered]);

    expect(item).toMatchObject({ outcome: "notReprocessable", state: "delivered" });
    expect(item?.detail).toContain("'delivered'");
    expect(requestPosts()).toBe(0);
  });

  it("reports a request past its 14-day window as notReprocessable, with its completion time", async () => {
    const { item } = await only([pastWindow]);

    expect(item).toMatchObject({ outcome: "notReprocessable", state: "deliveryFailed" });
    expect(item?.completedDateTime).toBeDefined();
    expect(item?.detail).toContain("more than 14 days ago");
    expect(requestPosts()).toBe(0);
  });

  it("retries a throttled request after Graph's Retry-After and ends accepted", async () => {
    emulator.injectFault({ match: { method: "POST", pathIncludes: failed }, fault: { kind: "throttle", retryAfterSeconds: 1 } });

    const { item } = await only([failed]);

    expect(item).toMatchObject({ outcome: "accepted", attempts: 2 });
  });

  it("ends throttled, with 'run it again later', when every attempt is throttled", async () => {
    emulator.injectFault({ match: { method: "POST", pathIncludes: failed }, fault: { kind: "throttle", retryAfterSeconds: 1 }, times: 5 });

    const { result, item } = await only(["--max-attempts", "1", failed]);

    expect(item).toMatchObject({ outcome: "throttled", attempts: 1 });
    expect(item?.detail).toContain("run it again later");
    expect(result.code).toBe(1);
  });

  it("ends unavailable when Graph answers 503 on every attempt", async () => {
    emulator.injectFault({ match: { method: "POST", pathIncludes: failed }, fault: { kind: "status", status: 503, code: "ServiceUnavailable" }, times: 5 });

    const { item } = await only(["--max-attempts", "1", failed]);

    expect(item).toMatchObject({ outcome: "unavailable", attempts: 1 });
  });

  it("reports a 403 as forbidden, naming the permission to grant", async () => {
    emulator.injectFault({ match: { method: "POST", pathIncludes: failed }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });

    const { item } = await only([failed]);

    expect(item).toMatchObject({ outcome: "forbidden" });
    expect(item?.detail).toContain("EntitlementManagement.ReadWrite.All");
  });

  it("reports another refusal of a still reprocessable request as failed, with Graph's code", async () => {
    emulator.injectFault({ match: { method: "POST", pathIncludes: failed }, fault: { kind: "status", status: 400, code: "BadRequest" } });

    const { item } = await only([failed]);

    expect(item).toMatchObject({ outcome: "failed" });
    expect(item?.detail).toContain("400 BadRequest");
  });

  it("shows the GET and POST it would make on a dry run, and calls nothing", async () => {
    const { result, item } = await only(["--dry-run", failed]);

    expect(item).toMatchObject({ outcome: "wouldReprocess" });
    expect(item?.detail).toContain(`POST ${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignmentRequests/${failed}/reprocess`);
    expect(emulator.requests).toEqual([]);
    expect(emulator.identityRequests).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("exits 2 for --no-check-state, which only 'reprocess' has", async () => {
    const result = await run(["--no-check-state", failed]);

    expect(result.stderr).toContain("always read first");
    expect(result.code).toBe(2);
  });
});
