import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReprocessQueueHandler } from "../../src/functions/reprocessQueue";
import { createInvocationContext } from "../support/host/functionInvocation";
import { startQueueTestBed, startSharedServiceBus, type QueueTestBed, type SharedServiceBus } from "../support/amqp/queueTestBed";

const delivered = "11111111-1111-4111-8111-111111111111";
const unknown = "66666666-6666-4666-8666-666666666666";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const body = (assignmentId: string) => ({ type: "reprocess", assignmentId });

describe("the reprocessQueue trigger", () => {
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed;

  beforeAll(async () => {
    serviceBus = await startSharedServiceBus();
  });
  afterAll(async () => serviceBus.close());

  beforeEach(async () => {
    bed = await startQueueTestBed({ emulator: { assignments: [{ id: delivered, state: "delivered", accessPackageId: pkg, targetObjectId: pkg }] }, random: () => 1, serviceBus });
  });
  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  const invokeWith = async (message: unknown, triggerMetadata: Record<string, unknown>) => {
    const { context, logs } = createInvocationContext({ functionName: "reprocessQueue", triggerMetadata });
    await bed.handler(message, context);
    return logs;
  };

  it.each([
    ["an object, when the body was JSON", body(delivered)],
    ["a string", JSON.stringify(body(delivered))],
    ["a Buffer", Buffer.from(JSON.stringify(body(delivered)))],
  ])("reprocesses a message whose body the host hands over as %s", async (_label, message) => {
    await invokeWith(message, { messageId: "m1", deliveryCount: 1, applicationProperties: { attempt: 1, requestId: "req" } });
    expect(bed.graph.emulator.reprocessCount(delivered)).toBe(1);
  });

  it("takes the attempt from the application properties in the trigger metadata", async () => {
    bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
    await invokeWith(body(delivered), { messageId: "req:x:attempt:3", deliveryCount: 1, applicationProperties: { attempt: 3, requestId: "req" } });
    expect(bed.work()).toMatchObject([{ messageId: "req:x:attempt:4", applicationProperties: { attempt: 4 } }]);
  });

  it("logs what it did with the message, by id", async () => {
    const logs = await invokeWith(body(unknown), { messageId: "req:u", deliveryCount: 2, applicationProperties: { attempt: 1, requestId: "req" } });
    expect(logs).toContainEqual(expect.objectContaining({ level: "information", text: expect.stringMatching(/queue message parked.*"messageId":"req:u".*"deliveryCount":2.*"reason":"notFound"/) as unknown }));
  });

  it("completes every message of a queue with a reprocessed, a parked and a malformed one, as the host would", async () => {
    bed.peer.enqueue(bed.queue.queueName, { messageId: "a", body: body(delivered), applicationProperties: { attempt: 1, requestId: "req" } });
    bed.peer.enqueue(bed.queue.queueName, { messageId: "b", body: body(unknown), applicationProperties: { attempt: 1, requestId: "req" } });
    bed.peer.enqueue(bed.queue.queueName, { messageId: "c", body: Buffer.from("hello"), contentType: "text/plain" });
    await bed.host.runUntilIdle();
    expect(bed.host.failed).toEqual([]);
    expect(bed.host.completed.map((message) => message.messageId).sort()).toEqual(["a", "b", "c"]);
    const parked = new Map(bed.parked().map((message) => [message.messageId, message]));
    expect([...parked.keys()].sort()).toEqual(["b:parked", "c:parked"]);
    expect(parked.get("b:parked")?.applicationProperties.reason).toBe("notFound");
    expect(parked.get("c:parked")?.applicationProperties.reason).toBe("malformed");
    expect(parked.get("c:parked")?.body).toMatchObject({ raw: Buffer.from("hello") });
  });

  it("retries on the schedule Graph asks for and parks after the last attempt, moving only the test clock", async () => {
    bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 120 }, times: 100 });
    const start = bed.clock.now();
    bed.peer.enqueue(bed.queue.queueName, { messageId: "req:d", body: body(delivered), applicationProperties: { attempt: 1, requestId: "req" } });
    await bed.host.runUntilIdle();
    expect(bed.host.completed.map((message) => message.messageId)).toEqual(["req:d", "req:d:attempt:2", "req:d:attempt:3", "req:d:attempt:4", "req:d:attempt:5"]);
    expect(bed.clock.now() - start).toBe(4 * 120_000);
    expect(bed.parked()).toMatchObject([{ messageId: "req:d:attempt:5:parked", applicationProperties: { reason: "attemptsExhausted", attempts: 5, lastStatus: 429 } }]);
    expect(bed.work()).toEqual([]);
  });

  it("throws when parking fails, and the redelivery parks the message exactly once", async () => {
    bed.peer.failNext({ operation: "send", queue: bed.queue.parkedQueueName, mode: "reject" });
    bed.peer.enqueue(bed.queue.queueName, { messageId: "req:u", body: body(unknown), applicationProperties: { attempt: 1, requestId: "req" } });
    await bed.host.runUntilIdle();
    expect(bed.host.invocations.map((invocation) => [invocation.message.deliveryCount, invocation.result])).toEqual([
      [1, "failed"],
      [2, "completed"],
    ]);
    expect(bed.host.failed[0]?.error).toMatchObject({ name: "QueueSendError" });
    expect(bed.parked()).toHaveLength(1);
    expect(bed.parked()[0]?.applicationProperties.deliveryCount).toBe(2);
  });

  it("throws when scheduling fails, and the redelivery schedules exactly one copy", async () => {
    bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 }, times: 2 });
    bed.peer.failNext({ operation: "send", queue: bed.queue.queueName, mode: "reject" });
    bed.peer.enqueue(bed.queue.queueName, { messageId: "req:d", body: body(delivered), applicationProperties: { attempt: 1, requestId: "req" } });
    await bed.host.deliverDue();
    await bed.host.deliverDue();
    expect(bed.host.invocations.map((invocation) => invocation.result)).toEqual(["failed", "completed"]);
    expect(bed.work().map((message) => message.messageId)).toEqual(["req:d:attempt:2"]);
  });

  it("creates no second scheduled copy when a message whose copy was sent is delivered again", async () => {
    bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 }, times: 2 });
    bed.peer.enqueue(bed.queue.queueName, { messageId: "req:d", body: body(delivered), applicationProperties: { attempt: 1, requestId: "req" } });
    const [message] = bed.peer.takeDue(bed.queue.queueName, bed.clock.now());
    if (message === undefined) throw new Error("expected the message");
    await bed.host.invoke(message);
    // The host's complete was lost (say, the lock expired): the broker delivers the message again.
    await bed.host.invoke({ ...message, deliveryCount: 2 });
    expect(bed.work().map((stored) => stored.messageId)).toEqual(["req:d:attempt:2"]);
    expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBe(1);
  });

  it("throws QueueNotConfiguredError when the app has no Service Bus connection", async () => {
    const handler = createReprocessQueueHandler({ queueProcessor: undefined });
    const { context } = createInvocationContext({ triggerMetadata: { messageId: "m" } });
    await expect(handler(body(delivered), context)).rejects.toMatchObject({ name: "QueueNotConfiguredError" });
  });
});
