import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createReprocessBatchHttpHandler } from "../../src/functions/reprocessBatchHttp";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import type { EmulatedCatalog } from "../support/graph/emulatedCatalog";
import { invokeHttp } from "../support/host/functionInvocation";
import type { PeerMessage } from "../support/amqp/peerMessage";
import { startQueueTestBed, type QueueTestBed } from "../support/amqp/queueTestBed";
import { seedAssignments } from "../support/graph/seedAssignments";

// Issue 13, item 4: POST /api/reprocess { catalogId } → one catalog expand → one expand per access
// package, page by page → one reprocess per delivered assignment, all through the AMQP peer and the
// queue trigger, against the emulator paging everything two at a time.

const catalogId = deterministicGuid("catalog", 30, 0);
const otherCatalogId = deterministicGuid("catalog", 31, 0);
const packageIds = Array.from({ length: 5 }, (_, index) => deterministicGuid("accessPackage", 30, index));
const otherPackageId = deterministicGuid("accessPackage", 31, 0);
// Per package: 3 delivered and 1 expired assignment, so each package's list takes two pages.
const assignments = packageIds.flatMap((accessPackageId, index) => seedAssignments({ count: 4, accessPackageId, scope: 40 + index, states: ["delivered", "delivered", "expired", "delivered"] }));
const otherAssignments = seedAssignments({ count: 3, accessPackageId: otherPackageId, scope: 50 });
const catalogs: EmulatedCatalog[] = [
  { id: catalogId, displayName: "Sales", accessPackages: packageIds.map((id, index) => ({ id, displayName: `Sales ${index}` })) },
  { id: otherCatalogId, displayName: "Finance", accessPackages: [{ id: otherPackageId, displayName: "Finance" }] },
];

function jsonBody(message: PeerMessage): Record<string, unknown> {
  return message.body.kind === "data" ? (message.body.json as Record<string, unknown>) : {};
}

describe("reprocessing a whole catalog through the queue", () => {
  let bed: QueueTestBed;

  beforeEach(async () => {
    bed = await startQueueTestBed({ emulator: { pageSize: 2, catalogs, assignments: [...assignments, ...otherAssignments] } });
  });
  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  const post = async (body: unknown, key: string) => {
    const batch = createReprocessBatchHttpHandler({ queueSender: bed.sender, telemetry: bed.telemetry, queueName: bed.queue.queueName });
    return (await invokeHttp(batch, { headers: { "idempotency-key": key }, body: { string: JSON.stringify(body) } })).response;
  };

  it("answers 202 echoing the catalog and enqueues one catalog expand", async () => {
    const response = await post({ catalogId: catalogId.toUpperCase() }, "sales");
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ requestId: "sales", accepted: [], rejected: [], catalogId });
    expect(bed.work().map((message) => [message.messageId, jsonBody(message)])).toEqual([["sales:page:1", { type: "expand", catalogId }]]);
  });

  it("reprocesses every delivered assignment of every package of the catalog exactly once, and nothing else", async () => {
    await post({ catalogId }, "sales");
    await bed.host.runUntilIdle();
    expect(bed.host.failed).toEqual([]);
    for (const assignment of assignments) {
      expect([assignment.id, bed.graph.emulator.reprocessCount(assignment.id)]).toEqual([assignment.id, assignment.state === "delivered" ? 1 : 0]);
    }
    for (const assignment of otherAssignments) expect(bed.graph.emulator.reprocessCount(assignment.id)).toBe(0);
    expect([bed.parked(), bed.work()]).toEqual([[], []]);
  });

  it("walks the catalog's packages page by page, one expand per package under its own request id", async () => {
    await post({ catalogId }, "sales");
    await bed.host.runUntilIdle();
    const completed = bed.host.completed.map((message) => message.messageId ?? "");
    // 5 packages in pages of 2: three catalog pages.
    expect(completed.filter((id) => /^sales:page:\d$/.test(id)).sort()).toEqual(["sales:page:1", "sales:page:2", "sales:page:3"]);
    // Each package's 4 assignments in pages of 2: two expand pages per package.
    for (const accessPackageId of packageIds) {
      expect(completed.filter((id) => id.startsWith(`sales.${accessPackageId}:page:`)).sort()).toEqual([`sales.${accessPackageId}:page:1`, `sales.${accessPackageId}:page:2`]);
    }
  });

  it("sends nothing twice when a catalog page is delivered twice", async () => {
    await post({ catalogId }, "sales");
    const [firstPage] = bed.peer.takeDue(bed.queue.queueName, bed.clock.now());
    if (firstPage === undefined) throw new Error("expected the catalog's first page");
    await bed.host.invoke(firstPage);
    const afterFirst = bed.work().map((message) => message.messageId);
    expect(afterFirst).toEqual([`sales.${packageIds[0] ?? ""}:page:1`, `sales.${packageIds[1] ?? ""}:page:1`, "sales:page:2"]);
    await bed.host.invoke({ ...firstPage, deliveryCount: 2 });
    expect(bed.work().map((message) => message.messageId)).toEqual(afterFirst);
    expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBe(3);
  });

  it("counts and reports a listed access package whose id is not a GUID instead of dropping it unseen", async () => {
    const page = { value: [{ id: "not-a-guid", displayName: "Odd" }, { id: packageIds[0], displayName: "Sales 0" }] };
    bed.graph.emulator.injectFault({ match: { operation: "listAccessPackages" }, fault: { kind: "status", status: 200, body: JSON.stringify(page), contentType: "application/json" } });
    await post({ catalogId }, "sales");
    await bed.host.deliverDue();
    expect(bed.telemetry.queueActions).toContainEqual(expect.objectContaining({ action: "enqueued", messageId: "sales:page:1", count: 1, skipped: 1 }));
  });

  it("parks the catalog expand with Graph's reason when the app may not list access packages", async () => {
    bed.graph.emulator.injectFault({ match: { operation: "listAccessPackages" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });
    await post({ catalogId }, "sales");
    await bed.host.runUntilIdle();
    expect(bed.parked()).toMatchObject([{ messageId: "sales:page:1:parked", applicationProperties: { reason: "forbidden", description: expect.stringContaining("access packages") as unknown } }]);
  });
});

describe("reprocessing assignment requests from one batch call", () => {
  let bed: QueueTestBed;
  const nowMs = Date.parse("2026-11-28T09:00:00Z");
  const failedIds = Array.from({ length: 3 }, (_, index) => deterministicGuid("assignmentRequest", 60, index));

  beforeEach(async () => {
    bed = await startQueueTestBed({
      emulator: {
        now: () => nowMs,
        assignmentRequests: failedIds.map((id) => ({
          id,
          state: "deliveryFailed",
          requestType: "userAdd",
          createdDateTime: new Date(nowMs - 2 * 86_400_000).toISOString(),
          completedDateTime: new Date(nowMs - 86_400_000).toISOString(),
          accessPackageId: otherPackageId,
          requestorObjectId: otherPackageId,
        })),
      },
    });
  });
  afterEach(async () => {
    await bed.close();
  });

  it("enqueues one reprocessRequest per valid id, named {Idempotency-Key}:{id}, and reprocesses each once", async () => {
    const batch = createReprocessBatchHttpHandler({ queueSender: bed.sender, telemetry: bed.telemetry, queueName: bed.queue.queueName });
    const { response } = await invokeHttp(batch, { headers: { "idempotency-key": "reqs" }, body: { string: JSON.stringify({ assignmentRequestIds: [...failedIds, "nope"] }) } });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ requestId: "reqs", accepted: failedIds, rejected: [{ id: "nope", reason: "invalidId" }] });
    expect(bed.work().map((message) => message.messageId)).toEqual(failedIds.map((id) => `reqs:${id}`));
    await bed.host.runUntilIdle();
    for (const id of failedIds) expect(bed.graph.emulator.requestReprocessCount(id)).toBe(1);
  });
});
