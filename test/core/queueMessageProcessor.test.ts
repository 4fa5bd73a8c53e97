import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isQueueSendError } from "../../src/queue/queueSendError";
import { receivedQueueMessage } from "../../src/queue/receivedQueueMessage";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import type { EmulatedAssignment } from "../support/graph/emulatedAssignment";
import { seedAssignments } from "../support/graph/seedAssignments";
import { startQueueTestBed, startSharedServiceBus, type QueueTestBed, type SharedServiceBus } from "../support/amqp/queueTestBed";

const delivered = "11111111-1111-4111-8111-111111111111";
const expired = "44444444-4444-4444-8444-444444444444";
const unknown = "66666666-6666-4666-8666-666666666666";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const fanOutPackage = deterministicGuid("accessPackage", 7, 0);
const guid = /^[0-9a-f-]{36}$/;

const assignments: EmulatedAssignment[] = [
  { id: delivered, state: "delivered", accessPackageId: pkg, targetObjectId: pkg },
  { id: expired, state: "expired", accessPackageId: pkg, targetObjectId: pkg },
  // 180 in one package, one in three of them not delivered: 120 delivered, over two of the emulator's pages of 100.
  ...seedAssignments({ count: 180, scope: 7, states: ["delivered", "delivered", "expired"] }),
];
const deliveredInPackage = assignments.filter((assignment) => assignment.accessPackageId === fanOutPackage && assignment.state === "delivered").map((assignment) => assignment.id);

const reprocessBody = (assignmentId: string) => ({ type: "reprocess", assignmentId });

describe("QueueMessageProcessor", () => {
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed;

  beforeAll(async () => {
    serviceBus = await startSharedServiceBus();
  });
  afterAll(async () => serviceBus.close());
  const abortSignal = () => AbortSignal.timeout(20_000);

  beforeEach(async () => {
    bed = await startQueueTestBed({ emulator: { assignments }, random: () => 1, serviceBus });
  });
  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  const process = (body: unknown, applicationProperties: Record<string, unknown> = { attempt: 1, requestId: "req-1" }, messageId = `req-1:${delivered}`) =>
    bed.processor.process(receivedQueueMessage(body, { messageId, deliveryCount: 1, applicationProperties }), { abortSignal: abortSignal() });

  describe("a reprocess message", () => {
    it("is completed once Graph accepts it, with nothing sent anywhere", async () => {
      const processed = await process(reprocessBody(delivered));
      expect(processed).toMatchObject({ type: "reprocess", outcome: "accepted", settlement: { action: "complete" } });
      expect(bed.graph.emulator.reprocessCount(delivered)).toBe(1);
      expect(bed.work()).toEqual([]);
      expect(bed.parked()).toEqual([]);
    });

    it("reports one outcome event with source queue, the attempt, Graph's status and ids", async () => {
      await process(reprocessBody(delivered), { attempt: 3, requestId: "req-1" });
      expect(bed.telemetry.outcomes).toHaveLength(1);
      expect(bed.telemetry.outcomes[0]).toMatchObject({ outcome: "accepted", source: "queue", cloud: "Global", attempt: 3, httpStatus: 202, assignmentId: delivered });
      expect(bed.telemetry.outcomes[0]?.clientRequestId).toMatch(guid);
    });

    it("reports source expand for a message an expand fanned out", async () => {
      await process({ ...reprocessBody(delivered), checkState: false }, { attempt: 1, requestId: "req-1", origin: "expand" });
      expect(bed.telemetry.outcomes[0]?.source).toBe("expand");
    });

    it("skips the state check when the message says checkState false", async () => {
      await process({ ...reprocessBody(delivered), checkState: false });
      expect(bed.graph.emulator.requests.map((request) => request.method)).toEqual(["POST"]);
    });

    it("schedules a copy for the next attempt at Graph's Retry-After when Graph still throttles", async () => {
      bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
      const processed = await process(reprocessBody(delivered), { attempt: 1, requestId: "req-1", custom: "kept" });
      expect(processed.settlement).toEqual({ action: "schedule", attempt: 2, delayMs: 42_000 });
      expect(bed.work()).toMatchObject([
        {
          messageId: `req-1:${delivered}:attempt:2`,
          body: { json: reprocessBody(delivered) },
          applicationProperties: { attempt: 2, requestId: "req-1", custom: "kept" },
          scheduledEnqueueTimeUtc: new Date(bed.clock.now() + 42_000),
          state: "scheduled",
        },
      ]);
    });

    it("schedules the copy after the capped backoff when Graph gives no Retry-After", async () => {
      bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 503 }, times: 10 });
      await process(reprocessBody(delivered), { attempt: 3, requestId: "req-1" });
      // Attempt 3 with a 1 s base: a 4 s window, all of it with this test's jitter.
      expect(bed.work()[0]).toMatchObject({ messageId: `req-1:${delivered}:attempt:4`, scheduledEnqueueTimeUtc: new Date(bed.clock.now() + 4_000) });
    });

    it("reports the scheduled copy as a queue action", async () => {
      bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
      await process(reprocessBody(delivered));
      expect(bed.telemetry.queueActions).toEqual([{ action: "scheduled", source: "queue", messageId: `req-1:${delivered}:attempt:2`, assignmentId: delivered, attempt: 2, delayMs: 42_000 }]);
    });

    it("sends no second copy when the same message is processed again, as after a lost lock", async () => {
      bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 }, times: 2 });
      await process(reprocessBody(delivered));
      bed.clock.advance(1_000);
      await process(reprocessBody(delivered));
      expect(bed.work()).toHaveLength(1);
      expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBe(1);
    });

    it("is parked as attemptsExhausted when its last allowed attempt is throttled too", async () => {
      bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
      const processed = await process(reprocessBody(delivered), { attempt: 5, requestId: "req-1" }, `req-1:${delivered}:attempt:5`);
      expect(processed.settlement).toMatchObject({ action: "park", reason: "attemptsExhausted" });
      expect(bed.work()).toEqual([]);
      const [parked] = bed.parked();
      expect(parked).toMatchObject({
        messageId: `req-1:${delivered}:attempt:5:parked`,
        body: { json: reprocessBody(delivered) },
        applicationProperties: { reason: "attemptsExhausted", attempts: 5, lastStatus: 429, requestId: "req-1", originalMessageId: `req-1:${delivered}:attempt:5`, deliveryCount: 1 },
      });
      expect(parked?.applicationProperties.graphRequestId).toMatch(guid);
      expect(parked?.applicationProperties.clientRequestId).toMatch(guid);
      expect(String(parked?.applicationProperties.description)).toContain("5 attempts");
    });

    it("leaves the attempt count out of a parked message, so replaying it starts afresh", async () => {
      await process(reprocessBody(unknown), { attempt: 2, requestId: "req-1" });
      expect(bed.parked()[0]?.applicationProperties).not.toHaveProperty("attempt");
    });

    it("is parked at once as notFound, with Graph's status and ids, when the assignment does not exist", async () => {
      const processed = await process(reprocessBody(unknown), { attempt: 1, requestId: "req-1" }, `req-1:${unknown}`);
      expect(processed.settlement).toMatchObject({ action: "park", reason: "notFound" });
      expect(bed.parked()).toMatchObject([{ messageId: `req-1:${unknown}:parked`, applicationProperties: { reason: "notFound", lastStatus: 404, attempts: 1, originalMessageId: `req-1:${unknown}` } }]);
      expect(bed.parked()[0]?.applicationProperties.clientRequestId).toMatch(guid);
    });

    it("is parked at once as notDelivered, naming the state", async () => {
      await process(reprocessBody(expired));
      expect(bed.parked()[0]?.applicationProperties).toMatchObject({ reason: "notDelivered", description: expect.stringContaining("'expired'") as unknown });
      expect(bed.graph.emulator.reprocessCount(expired)).toBe(0);
    });

    it("is parked at once as invalidId, without any Graph request, when the id is not a GUID", async () => {
      await process(reprocessBody("../servicePrincipals"));
      expect(bed.parked()[0]?.applicationProperties.reason).toBe("invalidId");
      expect(bed.graph.emulator.requests).toEqual([]);
    });

    it("is parked at once as forbidden, naming the permission to grant, when Graph answers 403", async () => {
      bed.graph.emulator.injectFault({ fault: { kind: "status", status: 403 } });
      await process(reprocessBody(delivered));
      expect(bed.parked()[0]?.applicationProperties).toMatchObject({ reason: "forbidden", lastStatus: 403, description: expect.stringContaining("EntitlementManagement.ReadWrite.All") as unknown });
    });

    it("reports the parked message as a queue action with its reason", async () => {
      await process(reprocessBody(unknown), { attempt: 1, requestId: "req-1" }, `req-1:${unknown}`);
      expect(bed.telemetry.queueActions).toEqual([{ action: "parked", source: "queue", messageId: `req-1:${unknown}:parked`, assignmentId: unknown, reason: "notFound", attempt: 1 }]);
    });
  });

  describe("a malformed message", () => {
    it.each([
      ["text that is not JSON", "please reprocess", Buffer.from("please reprocess"), "notJson"],
      ["binary", Buffer.from([0xff, 0x00, 0xfe]), Buffer.from([0xff, 0x00, 0xfe]), "notJson"],
    ])("is parked as malformed with its original bytes when it is %s", async (_label, body, bytes, problem) => {
      const processed = await process(body, {}, "hand-made");
      expect(processed).toMatchObject({ type: undefined, settlement: { action: "park", reason: "malformed" } });
      const [parked] = bed.parked();
      // Buffer.equals: a deep comparison of 70 kB takes the matcher a second.
      expect(parked?.body.kind === "data" && parked.body.raw.equals(bytes)).toBe(true);
      expect(parked?.applicationProperties).toMatchObject({ reason: "malformed", originalMessageId: "hand-made", attempts: 1 });
      expect(String(parked?.applicationProperties.description)).toMatch(new RegExp(`^${problem}: `));
      expect(bed.graph.emulator.requests).toEqual([]);
    });

    it.each([
      ["a string", "x".repeat(300_000)],
      ["a Buffer", Buffer.alloc(300_000, 0x78)],
      ["a decoded object", { type: "reprocess", assignmentId: "x".repeat(300_000) }],
    ])("is parked as tooLarge with its first 64 KiB and its size when it is %s over the queue's limit", async (_label, body) => {
      await process(body, {}, "huge");
      const [parked] = bed.parked();
      expect(parked?.body.kind === "data" && parked.body.raw.byteLength).toBe(64 * 1024);
      expect(parked?.applicationProperties).toMatchObject({ reason: "malformed", truncatedFromBytes: expect.any(Number) as unknown });
      expect(String(parked?.applicationProperties.description)).toMatch(/^tooLarge: /);
    });

    it.each([
      ["an unknown type", { type: "revoke", assignmentId: delivered }, "unknownType"],
      ["a wrong shape", { type: "reprocess", assignmentIds: [delivered] }, "wrongShape"],
      ["a __proto__ key", JSON.parse(`{"type":"reprocess","assignmentId":"${delivered}","__proto__":{"x":1}}`) as unknown, "forbiddenKey"],
    ])("is parked as malformed with its JSON body when it has %s", async (_label, body, problem) => {
      await process(body, {}, "hand-made");
      const [parked] = bed.parked();
      expect(parked?.body.kind === "data" && parked.body.raw.toString()).toBe(JSON.stringify(body));
      expect(String(parked?.applicationProperties.description)).toMatch(new RegExp(`^${problem}: `));
    });
  });

  it("parks a decoded body nested too deeply to serialise, saying so instead of failing on every delivery", async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`) as unknown;
    await process(deep, {}, "deep");
    const [parked] = bed.parked();
    expect(parked?.applicationProperties.reason).toBe("malformed");
    expect(parked?.body.kind === "data" && parked.body.raw.toString()).toContain("nested too deeply");
  });

  describe("when a copy cannot be sent", () => {
    it("throws a QueueSendError, so the broker delivers the message again, when parking fails", async () => {
      bed.peer.failNext({ operation: "send", queue: bed.queue.parkedQueueName, mode: "reject" });
      const error: unknown = await process(reprocessBody(unknown)).catch((caught: unknown) => caught);
      expect(isQueueSendError(error) && error.queueName).toBe(bed.queue.parkedQueueName);
      expect(bed.parked()).toEqual([]);
    });

    it("throws a QueueSendError when the scheduled copy cannot be sent", async () => {
      bed.graph.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
      bed.peer.failNext({ operation: "send", queue: bed.queue.queueName, mode: "reject" });
      const error: unknown = await process(reprocessBody(delivered)).catch((caught: unknown) => caught);
      expect(isQueueSendError(error)).toBe(true);
      expect(bed.work()).toEqual([]);
    });
  });

  describe("an expand message", () => {
    const expand = { type: "expand", accessPackageId: fanOutPackage };
    const expandProperties = { attempt: 1, requestId: "req-x", page: 1 };

    it("lists delivered assignments only, ids only, one page", async () => {
      await process(expand, expandProperties, "req-x:page:1");
      const [list] = bed.graph.emulator.requests;
      expect(decodeURIComponent(list?.url ?? "")).toBe(
        `/v1.0/identityGovernance/entitlementManagement/assignments?$filter=state eq 'delivered' and accessPackage/id eq '${fanOutPackage}'&$select=id`,
      );
      expect(bed.graph.emulator.requests).toHaveLength(1);
    });

    it("enqueues one reprocess message per listed assignment, without state check, and the next page", async () => {
      const processed = await process(expand, expandProperties, "req-x:page:1");
      expect(processed).toMatchObject({ type: "expand", settlement: { action: "complete" }, enqueued: 101 });
      const sent = bed.work();
      expect(sent.slice(0, 100).map((message) => message.messageId)).toEqual(deliveredInPackage.slice(0, 100).map((id) => `req-x:${id}`));
      expect(sent[0]).toMatchObject({ body: { json: { type: "reprocess", assignmentId: deliveredInPackage[0], checkState: false } }, applicationProperties: { attempt: 1, requestId: "req-x", origin: "expand" } });
      expect(sent[100]).toMatchObject({ messageId: "req-x:page:2", applicationProperties: { attempt: 1, requestId: "req-x", page: 2 }, body: { json: { type: "expand", accessPackageId: fanOutPackage } } });
      const next = sent[100]?.body;
      expect(next?.kind === "data" && typeof (next.json as { nextLink?: unknown }).nextLink).toBe("string");
      expect(bed.telemetry.queueActions).toEqual([{ action: "enqueued", source: "expand", messageId: "req-x:page:1", attempt: 1, count: 101 }]);
    });

    it("enqueues no further page after the last", async () => {
      await process(expand, expandProperties, "req-x:page:1");
      const second = bed.work().find((message) => message.messageId === "req-x:page:2");
      await process(second?.body.kind === "data" ? second.body.json : undefined, { attempt: 1, requestId: "req-x", page: 2 }, "req-x:page:2");
      const ids = bed.work().map((message) => message.messageId ?? "");
      expect(ids.filter((id) => id.includes(":page:"))).toEqual(["req-x:page:2"]);
      expect(ids.filter((id) => !id.includes(":page:")).sort()).toEqual(deliveredInPackage.map((id) => `req-x:${id}`).sort());
    });

    it("duplicates nothing when the same page is delivered again", async () => {
      await process(expand, expandProperties, "req-x:page:1");
      await process(expand, expandProperties, "req-x:page:1");
      expect(bed.work()).toHaveLength(101);
      expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBe(101);
    });

    it("is parked as malformed, naming invalidNextLink, when its nextLink leads away from Graph, without following it", async () => {
      const nextLink = "https://graph.example.com/v1.0/identityGovernance/entitlementManagement/assignments?$skiptoken=x";
      await process({ ...expand, nextLink }, { attempt: 1, requestId: "req-x", page: 2 }, "req-x:page:2");
      expect(bed.parked()[0]?.applicationProperties).toMatchObject({ reason: "malformed", description: expect.stringContaining("invalidNextLink") as unknown });
      expect(bed.graph.emulator.requests).toEqual([]);
    });

    it("is rescheduled, page and filter kept, when the listing is throttled", async () => {
      bed.graph.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
      await process(expand, expandProperties, "req-x:page:1");
      expect(bed.work()).toMatchObject([
        { messageId: "req-x:page:1:attempt:2", body: { json: expand }, applicationProperties: { attempt: 2, requestId: "req-x", page: 1 }, scheduledEnqueueTimeUtc: new Date(bed.clock.now() + 42_000) },
      ]);
      expect(bed.telemetry.queueActions[0]).toMatchObject({ action: "scheduled", source: "expand" });
    });
  });
});
