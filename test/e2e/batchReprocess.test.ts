import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createReprocessBatchHttpHandler } from "../../src/functions/reprocessBatchHttp";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import type { EmulatedAssignment } from "../support/graph/emulatedAssignment";
import { invokeHttp } from "../support/host/functionInvocation";
import type { PeerMessage } from "../support/amqp/peerMessage";
import { startQueueTestBed, type QueueTestBed } from "../support/amqp/queueTestBed";
import { seededRandom } from "../support/seededRandom";
import { seedAssignments } from "../support/graph/seedAssignments";

// Issue 3, item 7: a batch HTTP call → the AMQP peer → the queue trigger driven as the host would
// → the Graph emulator failing one request in ten with 429 or 503. Graph's inline retries are off,
// so every injected fault goes through the queue's schedule-and-retry path.

const nonDelivered = (["delivering", "partiallyDelivered", "expired", "deliveryFailed", "expired", "delivering"] as const).map(
  (state, index): EmulatedAssignment => ({ id: deterministicGuid("assignment", 20, index), state, accessPackageId: deterministicGuid("accessPackage", 20, 0), targetObjectId: deterministicGuid("target", 20, index) }),
);
const delivered = seedAssignments({ count: 485, scope: 21 });
const unknown = Array.from({ length: 6 }, (_, index) => deterministicGuid("assignment", 22, index));
const fanOut = seedAssignments({ count: 250, scope: 23, states: ["delivered", "delivered", "delivered", "expired"] });
const fanOutPackage = deterministicGuid("accessPackage", 23, 0);

const faults = { rate: 0.1, faults: [{ kind: "throttle", retryAfterSeconds: 30 }, { kind: "status", status: 503 }] as const, seed: 20261128 };

function parkedAssignment(message: PeerMessage): string {
  const json = message.body.kind === "data" ? (message.body.json as { assignmentId?: string } | undefined) : undefined;
  return json?.assignmentId ?? "";
}

describe("reprocessing 500 assignments through the queue while Graph fails one call in ten", () => {
  let bed: QueueTestBed;

  beforeEach(async () => {
    bed = await startQueueTestBed({
      emulator: { assignments: [...delivered, ...nonDelivered, ...fanOut] },
      graph: { maxInlineRetries: 0 },
      queue: { maxAttempts: 10 },
      random: seededRandom(7),
    });
    bed.graph.emulator.setFaultRate({ ...faults, faults: [...faults.faults] });
  });
  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  it("reprocesses every delivered assignment exactly once and parks every other one with its reason, losing none", async () => {
    const batch = createReprocessBatchHttpHandler({ queueSender: bed.sender, telemetry: bed.telemetry, queueName: bed.queue.queueName });
    const ids = [...delivered.map((assignment) => assignment.id), ...nonDelivered.map((assignment) => assignment.id), ...unknown, "not-a-guid", `{${unknown[0] ?? ""}}`, delivered[0]?.id.toUpperCase()];
    expect(ids).toHaveLength(500);

    const { response } = await invokeHttp(batch, { headers: { "idempotency-key": "e2e-500" }, body: { string: JSON.stringify({ assignmentIds: ids }) } });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { accepted: string[]; rejected: { reason: string }[] };
    expect(answer.accepted).toHaveLength(497);
    expect(answer.rejected.map((item) => item.reason)).toEqual(["invalidId", "invalidId", "duplicate"]);

    await bed.host.runUntilIdle();

    for (const assignment of delivered) expect(bed.graph.emulator.reprocessCount(assignment.id), assignment.id).toBe(1);
    expect(bed.graph.emulator.totalReprocesses()).toBe(delivered.length);
    const parked = new Map(bed.parked().map((message) => [parkedAssignment(message), message.applicationProperties.reason]));
    expect(bed.parked()).toHaveLength(nonDelivered.length + unknown.length);
    for (const assignment of nonDelivered) expect(parked.get(assignment.id)).toBe("notDelivered");
    for (const id of unknown) expect(parked.get(id)).toBe("notFound");
    expect(bed.work()).toEqual([]);
    expect(bed.host.failed).toEqual([]);
    expect(bed.host.deadLettered).toEqual([]);
    // The faults really went through the queue: copies were scheduled, and none was sent twice.
    expect(bed.telemetry.queueActions.filter((action) => action.action === "scheduled").length).toBeGreaterThan(50);
    expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBe(0);
  });

  it("reprocesses every delivered assignment of an access package exactly once from one filter call", async () => {
    const batch = createReprocessBatchHttpHandler({ queueSender: bed.sender, telemetry: bed.telemetry, queueName: bed.queue.queueName });
    const { response } = await invokeHttp(batch, { headers: { "idempotency-key": "e2e-filter" }, body: { string: JSON.stringify({ accessPackageId: fanOutPackage }) } });
    expect(response.status).toBe(202);

    await bed.host.runUntilIdle();

    const expected = fanOut.filter((assignment) => assignment.state === "delivered");
    for (const assignment of fanOut) expect(bed.graph.emulator.reprocessCount(assignment.id), assignment.id).toBe(assignment.state === "delivered" ? 1 : 0);
    expect(bed.graph.emulator.totalReprocesses()).toBe(expected.length);
    expect(bed.parked()).toEqual([]);
    expect(bed.work()).toEqual([]);
    expect(bed.host.failed).toEqual([]);
    expect(bed.telemetry.outcomes.filter((event) => event.outcome === "accepted").every((event) => event.source === "expand")).toBe(true);
  });
});
