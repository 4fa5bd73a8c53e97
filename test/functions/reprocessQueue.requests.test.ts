import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { startQueueTestBed, startSharedServiceBus, type QueueTestBed, type SharedServiceBus } from "../support/amqp/queueTestBed";

const dayMs = 24 * 60 * 60 * 1000;
// Failed a day ago, failed 20 days ago, denied: seeded on the test clock as each bed starts.
const seedOn = (nowMs: number) => seedAssignmentRequests({ count: 3, states: ["deliveryFailed", "deliveryFailed", "denied"], agesMs: [dayMs, 20 * dayMs, dayMs], nowMs, scope: 81 });
const [failed, failedLongAgo, denied] = [0, 1, 2].map((index) => deterministicGuid("assignmentRequest", 81, index)) as [string, string, string];
const unknown = "10000000-0000-4000-8000-0000000000ff";
const body = (assignmentRequestId: unknown) => ({ type: "reprocessRequest", assignmentRequestId });
const properties = { attempt: 1, requestId: "req" };

describe("the reprocessQueue trigger with reprocessRequest messages", () => {
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed;

  beforeAll(async () => {
    serviceBus = await startSharedServiceBus();
  });
  afterAll(async () => serviceBus.close());

  beforeEach(async () => {
    // Graph's clock and the queue's are the test clock: the 14-day window is judged in business time.
    bed = await startQueueTestBed({ emulator: { now: serviceBus.clock.now, assignmentRequests: seedOn(serviceBus.clock.now()) }, random: () => 1, serviceBus });
  });
  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  const deliver = async (message: unknown, messageId = "req:m") => {
    bed.peer.enqueue(bed.queue.queueName, { messageId, body: message, applicationProperties: properties });
    await bed.host.runUntilIdle();
    expect(bed.host.failed).toEqual([]);
  };
  const parkedReason = () => bed.parked().map((message) => message.applicationProperties.reason);

  it("reprocesses a failed request inside its window and completes the message", async () => {
    await deliver(body(failed));
    expect(bed.graph.emulator.requestReprocessCount(failed)).toBe(1);
    expect(bed.host.completed.map((message) => message.messageId)).toEqual(["req:m"]);
    expect([bed.parked(), bed.work()]).toEqual([[], []]);
  });

  it("records the outcome with the request id, from the queue", async () => {
    await deliver(body(failed));
    expect(bed.telemetry.outcomes).toEqual([expect.objectContaining({ outcome: "accepted", source: "queue", assignmentRequestId: failed, httpStatus: 202, attempt: 1 })]);
  });

  it("parks an unknown request as notFound", async () => {
    await deliver(body(unknown));
    expect(bed.parked()).toMatchObject([{ messageId: "req:m:parked", applicationProperties: { reason: "notFound", lastStatus: 404 } }]);
  });

  it("parks a request in another state as notReprocessable, saying the state", async () => {
    await deliver(body(denied));
    expect(bed.parked()).toMatchObject([{ applicationProperties: { reason: "notReprocessable", description: expect.stringContaining("'denied'") as unknown } }]);
    expect(bed.graph.emulator.requestReprocessCount(denied)).toBe(0);
  });

  it("parks a request past its 14-day window as notReprocessable, saying when it completed", async () => {
    await deliver(body(failedLongAgo));
    expect(bed.parked()).toMatchObject([{ applicationProperties: { reason: "notReprocessable", description: expect.stringContaining("more than 14 days ago") as unknown } }]);
  });

  it("parks a non-GUID request id as invalidId without calling Graph", async () => {
    await deliver(body("../assignments"));
    expect(parkedReason()).toEqual(["invalidId"]);
    expect(bed.graph.emulator.requests).toEqual([]);
  });

  it("parks a reprocessRequest without an id as malformed", async () => {
    await deliver({ type: "reprocessRequest" });
    expect(parkedReason()).toEqual(["malformed"]);
  });

  it("schedules a retry on Graph's Retry-After while Graph throttles", async () => {
    bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 120 } });
    bed.peer.enqueue(bed.queue.queueName, { messageId: "req:m", body: body(failed), applicationProperties: properties });
    await bed.host.deliverDue();
    expect(bed.work()).toMatchObject([{ messageId: "req:m:attempt:2", body: { json: body(failed) }, applicationProperties: { attempt: 2, requestId: "req" } }]);
    expect(bed.work()[0]?.enqueuedTimeUtc.getTime()).toBe(serviceBus.clock.now() + 120_000);
  });

  it("completes, without parking, a sweep's request that was delivered since the sweep listed it", async () => {
    // The platform's own retry delivered it between the sweep's page and this message.
    const [seeded] = seedOn(serviceBus.clock.now());
    if (seeded !== undefined) bed.graph.emulator.upsertAssignmentRequest({ ...seeded, state: "delivered" });
    bed.peer.enqueue(bed.queue.queueName, { messageId: `heal-x:${failed}`, body: body(failed), applicationProperties: { attempt: 1, requestId: "heal-x", origin: "heal" } });
    await bed.host.runUntilIdle();
    expect(bed.parked()).toEqual([]);
    expect(bed.telemetry.outcomes).toEqual([expect.objectContaining({ outcome: "notReprocessable", source: "heal", assignmentRequestId: failed, requestId: "heal-x" })]);
  });
});
