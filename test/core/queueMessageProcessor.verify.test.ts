import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { receivedQueueMessage } from "../../src/queue/receivedQueueMessage";
import { testVerification, startQueueTestBed, startSharedServiceBus, type QueueTestBed, type QueueTestBedOptions, type SharedServiceBus } from "../support/amqp/queueTestBed";
import type { EmulatedAssignment } from "../support/graph/emulatedAssignment";
import type { EmulatedAssignmentRequest } from "../support/graph/emulatedAssignmentRequest";
import type { ScriptedReprocess } from "../support/graph/scriptedReprocess";

const minute = 60_000;
const hour = 60 * minute;
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const assignmentId = "11111111-1111-4111-8111-111111111111";
const requestId = "22222222-2222-4222-8222-222222222222";

const assignment = (state: EmulatedAssignment["state"], afterReprocess?: ScriptedReprocess): EmulatedAssignment => ({ id: assignmentId, state, accessPackageId: pkg, targetObjectId: pkg, afterReprocess });
const request = (nowMs: number, state: EmulatedAssignmentRequest["state"], afterReprocess?: ScriptedReprocess): EmulatedAssignmentRequest => ({
  id: requestId,
  state,
  requestType: "userAdd",
  createdDateTime: new Date(nowMs - 2 * 86_400_000).toISOString(),
  completedDateTime: new Date(nowMs - 86_400_000).toISOString(),
  accessPackageId: pkg,
  requestorObjectId: pkg,
  afterReprocess,
});

describe("QueueMessageProcessor with verification on", () => {
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed | undefined;

  beforeAll(async () => {
    serviceBus = await startSharedServiceBus();
  });
  afterAll(async () => serviceBus.close());
  afterEach(async () => {
    expect(bed?.peer.errors).toEqual([]);
    await bed?.close();
    bed = undefined;
  });

  const start = async (seed: Pick<NonNullable<QueueTestBedOptions["emulator"]>, "assignments" | "assignmentRequests">): Promise<QueueTestBed> => {
    bed = await startQueueTestBed({ emulator: { ...seed, now: serviceBus.clock.now }, queue: { verification: testVerification }, random: () => 1, serviceBus });
    return bed;
  };
  const deliver = async (started: QueueTestBed, messageId: string, body: unknown, properties: Record<string, unknown> = { attempt: 1, requestId: "req" }) => {
    started.peer.enqueue(started.queue.queueName, { messageId, body, applicationProperties: properties });
    await started.host.runUntilIdle();
    expect(started.host.failed).toEqual([]);
  };
  const verifyBody = (target: string, id: string) => ({ type: "verify", target, id });
  const processVerify = (started: QueueTestBed, target: string, id: string, properties: Record<string, unknown>, messageId = `req:${id}:verify`) =>
    started.processor.process(receivedQueueMessage(verifyBody(target, id), { messageId, deliveryCount: 1, applicationProperties: properties }), { abortSignal: AbortSignal.timeout(20_000) });

  describe("an assignment reprocess", () => {
    it("is followed by a verify scheduled REPROCESS_VERIFY_AFTER_MS ahead, named after the message that got the 202", async () => {
      const started = await start({ assignments: [assignment("delivered")] });
      started.peer.enqueue(started.queue.queueName, { messageId: `req:${assignmentId}:attempt:2`, body: { type: "reprocess", assignmentId }, applicationProperties: { attempt: 2, requestId: "req" } });
      await started.host.deliverDue();
      expect(started.work()).toMatchObject([
        {
          messageId: `req:${assignmentId}:verify`,
          body: { json: verifyBody("assignment", assignmentId) },
          applicationProperties: { attempt: 1, requestId: "req", verifyCheck: 1, reprocessedAt: new Date(serviceBus.clock.now()).toISOString() },
          scheduledEnqueueTimeUtc: new Date(serviceBus.clock.now() + testVerification.afterMs),
        },
      ]);
    });

    it("sends no second verify when the message that got the 202 is delivered again", async () => {
      const started = await start({ assignments: [assignment("delivered")] });
      const reprocess = () =>
        started.processor.process(receivedQueueMessage({ type: "reprocess", assignmentId }, { messageId: `req:${assignmentId}`, deliveryCount: 1, applicationProperties: { attempt: 1, requestId: "req" } }), {
          abortSignal: AbortSignal.timeout(20_000),
        });
      await reprocess();
      await reprocess();
      // The redelivery reprocesses again (Graph re-evaluates); its verify is the same id, dropped.
      expect([started.graph.emulator.reprocessCount(assignmentId), started.work().length, started.peer.duplicatesDropped(started.queue.queueName)]).toEqual([2, 1, 1]);
    });

    it("ends confirmed with one delivered event carrying the time from reprocess to delivered", async () => {
      const started = await start({ assignments: [assignment("delivered", { state: "delivered", afterMs: 30_000 })] });
      await deliver(started, `req:${assignmentId}`, { type: "reprocess", assignmentId });
      expect([started.work(), started.parked()]).toEqual([[], []]);
      expect(started.telemetry.verifications).toEqual([
        expect.objectContaining({ outcome: "delivered", target: "assignment", assignmentId, state: "delivered", attempts: 1, elapsedMs: testVerification.afterMs, source: "queue", requestId: "req" }),
      ]);
    });

    it("reads again later, backing off, while the assignment is still delivering", async () => {
      const started = await start({ assignments: [assignment("delivering")] });
      const processed = await processVerify(started, "assignment", assignmentId, { attempt: 1, requestId: "req", verifyCheck: 1 });
      expect(processed).toMatchObject({ settlement: { action: "complete" }, verification: "checkAgain", sentMessageId: `req:${assignmentId}:verify:check:2` });
      expect(started.work()).toMatchObject([
        { messageId: `req:${assignmentId}:verify:check:2`, applicationProperties: { attempt: 1, verifyCheck: 2 }, scheduledEnqueueTimeUtc: new Date(serviceBus.clock.now() + 2 * testVerification.afterMs) },
      ]);
      expect(started.telemetry.verifications).toEqual([]);
    });

    it("is parked as notDeliveredAfterReprocess, naming the state, when the delivery failed again", async () => {
      const started = await start({ assignments: [assignment("delivered", { state: "deliveryFailed", afterMs: 30_000 })] });
      await deliver(started, `req:${assignmentId}`, { type: "reprocess", assignmentId });
      expect(started.parked()).toMatchObject([
        {
          messageId: `req:${assignmentId}:verify:parked`,
          body: { json: verifyBody("assignment", assignmentId) },
          applicationProperties: { reason: "notDeliveredAfterReprocess", description: expect.stringContaining("'deliveryFailed'") as unknown, attempts: 1 },
        },
      ]);
      expect(started.telemetry.verifications).toEqual([expect.objectContaining({ outcome: "stillFailing", state: "deliveryFailed", attempts: 1 })]);
    });

    it("gives up and parks it when it is still delivering at the bound, after every read the bound allows", async () => {
      const started = await start({ assignments: [assignment("delivered", { state: "delivered", afterMs: 10 * hour })] });
      await deliver(started, `req:${assignmentId}`, { type: "reprocess", assignmentId });
      // 1, 3, 7 and 15 minutes at a 1-minute start doubling; then every 15 minutes until the hour: 30, 45, 60.
      expect(started.parked()).toMatchObject([{ applicationProperties: { reason: "notDeliveredAfterReprocess", description: expect.stringContaining("still in state 'delivering'") as unknown } }]);
      expect(started.telemetry.verifications).toEqual([expect.objectContaining({ outcome: "gaveUp", state: "delivering", attempts: 7, elapsedMs: hour })]);
    });

    it("retries a verify Graph throttled as any other message, without reprocessing", async () => {
      const started = await start({ assignments: [assignment("delivering")] });
      started.graph.emulator.injectFault({ match: { operation: "getAssignment" }, fault: { kind: "throttle", retryAfterSeconds: 90 } });
      const processed = await processVerify(started, "assignment", assignmentId, { attempt: 1, requestId: "req", verifyCheck: 3 });
      expect(processed.settlement).toEqual({ action: "schedule", attempt: 2, delayMs: 90_000 });
      expect(started.work()).toMatchObject([{ messageId: `req:${assignmentId}:verify:attempt:2`, applicationProperties: { attempt: 2, verifyCheck: 3 } }]);
      expect(started.graph.emulator.requests.filter((call) => call.method === "POST")).toEqual([]);
    });

    it("parks a verify of an assignment that no longer exists as notFound", async () => {
      const started = await start({ assignments: [] });
      await processVerify(started, "assignment", assignmentId, { attempt: 1, requestId: "req" });
      expect(started.parked()).toMatchObject([{ applicationProperties: { reason: "notFound", lastStatus: 404 } }]);
    });
  });

  describe("an assignment request reprocess", () => {
    it("is followed by a verify of the request, and ends confirmed once the request is delivered", async () => {
      const started = await start({ assignmentRequests: [request(serviceBus.clock.now(), "deliveryFailed", { state: "delivered", afterMs: 2 * minute })] });
      await deliver(started, `req:${requestId}`, { type: "reprocessRequest", assignmentRequestId: requestId });
      expect(started.telemetry.verifications).toEqual([
        expect.objectContaining({ outcome: "delivered", target: "assignmentRequest", assignmentRequestId: requestId, attempts: 2, elapsedMs: 3 * testVerification.afterMs }),
      ]);
      expect(started.parked()).toEqual([]);
    });

    it("is parked as notDeliveredAfterReprocess when the request failed again", async () => {
      const started = await start({ assignmentRequests: [request(serviceBus.clock.now(), "deliveryFailed", { state: "partiallyDelivered", afterMs: 10_000 })] });
      await deliver(started, `req:${requestId}`, { type: "reprocessRequest", assignmentRequestId: requestId });
      expect(started.parked()).toMatchObject([{ messageId: `req:${requestId}:verify:parked`, applicationProperties: { reason: "notDeliveredAfterReprocess", description: expect.stringContaining("'partiallyDelivered'") as unknown } }]);
    });

    it("reads again later while the request waits for approval", async () => {
      const started = await start({ assignmentRequests: [request(serviceBus.clock.now(), "pendingApproval")] });
      const processed = await processVerify(started, "assignmentRequest", requestId, { attempt: 1, requestId: "req", verifyCheck: 1 });
      expect(processed.verification).toBe("checkAgain");
    });

    it("verifies a heal sweep's reprocess too, reporting it as from the sweep", async () => {
      const started = await start({ assignmentRequests: [request(serviceBus.clock.now(), "deliveryFailed")] });
      await deliver(started, `heal-x:${requestId}`, { type: "reprocessRequest", assignmentRequestId: requestId }, { attempt: 1, requestId: "heal-x", origin: "heal" });
      expect(started.telemetry.verifications).toEqual([expect.objectContaining({ outcome: "delivered", source: "heal", requestId: "heal-x" })]);
    });
  });
});
