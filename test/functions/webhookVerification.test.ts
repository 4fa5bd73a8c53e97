import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AssignmentRequestReprocessor } from "../../src/core/assignmentRequestReprocessor";
import { createReprocessAssignmentHttpHandler } from "../../src/functions/reprocessAssignmentHttp";
import { createReprocessAssignmentRequestHttpHandler } from "../../src/functions/reprocessAssignmentRequestHttp";
import { startSharedServiceBus, testVerification, type SharedServiceBus } from "../support/amqp/queueTestBed";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";
import { invokeHttp } from "../support/host/functionInvocation";
import { RecordingTelemetry } from "../support/recordingTelemetry";

const delivered = "11111111-1111-4111-8111-111111111111";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const queueName = "webhook-verify";
const [failedRequest] = seedAssignmentRequests({ count: 1, scope: 0x7e1, states: ["deliveryFailed"], agesMs: [86_400_000] });

describe("the webhooks with verification on", () => {
  const bed = useGraphTestBed({ emulator: { assignments: [{ id: delivered, state: "delivered", accessPackageId: pkg, targetObjectId: pkg }], assignmentRequests: failedRequest === undefined ? [] : [failedRequest] } });
  const telemetry = new RecordingTelemetry();
  let serviceBus: SharedServiceBus;
  const handlers = () => {
    const verification = { sender: serviceBus.sender, queueName, config: testVerification, now: serviceBus.clock.now };
    return {
      assignment: createReprocessAssignmentHttpHandler({ reprocessor: bed.reprocessor, telemetry, cloud: "Global", verification }),
      request: createReprocessAssignmentRequestHttpHandler({ requestReprocessor: new AssignmentRequestReprocessor(bed.client), telemetry, cloud: "Global", verification }),
    };
  };

  beforeAll(async () => {
    serviceBus = await startSharedServiceBus();
  });
  afterAll(async () => serviceBus.close());
  afterEach(() => {
    telemetry.clear();
  });

  const messages = () => serviceBus.peer.messages(queueName);

  it("follows an assignment's 202 with a verify scheduled REPROCESS_VERIFY_AFTER_MS ahead, named after the accepted call", async () => {
    const before = messages().length;
    const { response } = await invokeHttp(handlers().assignment, { url: `http://localhost:7071/api/assignments/${delivered}/reprocess`, params: { id: delivered } });
    const clientRequestId = response.headers.get("client-request-id");
    expect([response.status, response.headers.get("verification")]).toEqual([202, "scheduled"]);
    expect(messages().slice(before)).toMatchObject([
      {
        messageId: `http:${clientRequestId ?? ""}:verify`,
        body: { json: { type: "verify", target: "assignment", id: delivered } },
        applicationProperties: { attempt: 1, requestId: clientRequestId, verifyCheck: 1, origin: "http" },
        scheduledEnqueueTimeUtc: new Date(serviceBus.clock.now() + testVerification.afterMs),
        state: "scheduled",
      },
    ]);
  });

  it("follows a request's 202 with a verify of the request", async () => {
    const id = failedRequest?.id ?? "";
    const { response } = await invokeHttp(handlers().request, { url: `http://localhost:7071/api/assignmentRequests/${id}/reprocess`, params: { id } });
    expect(response.status).toBe(202);
    expect(messages().at(-1)?.body).toMatchObject({ json: { type: "verify", target: "assignmentRequest", id } });
  });

  it("still answers 202 when the verify cannot be sent, saying so in a header, a warning and a verifyNotSent event", async () => {
    serviceBus.peer.failNext({ operation: "send", queue: queueName, mode: "reject" });
    const before = messages().length;
    const { response, logs } = await invokeHttp(handlers().assignment, { url: `http://localhost:7071/api/assignments/${delivered}/reprocess`, params: { id: delivered } });
    expect([response.status, response.headers.get("verification"), messages().length - before]).toEqual([202, "notScheduled", 0]);
    expect(logs.some((log) => log.level === "warning" && log.text.includes("verify could not be enqueued"))).toBe(true);
    expect(telemetry.queueActions).toEqual([expect.objectContaining({ action: "verifyNotSent", source: "http", assignmentId: delivered })]);
  });

  it("sends no verify for a reprocess Graph did not accept", async () => {
    const unknown = "66666666-6666-4666-8666-666666666666";
    const before = messages().length;
    const { response } = await invokeHttp(handlers().assignment, { url: `http://localhost:7071/api/assignments/${unknown}/reprocess`, params: { id: unknown } });
    expect([response.status, response.headers.get("verification"), messages().length - before]).toEqual([404, null, 0]);
  });
});
