import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReprocessBatchHttpHandler } from "../../src/functions/reprocessBatchHttp";
import { createServiceBusClient } from "../../src/serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "../../src/serviceBus/serviceBusQueueSender";
import { AmqpPeer } from "../support/amqp/amqpPeer";
import { invokeHttp } from "../support/host/functionInvocation";
import { RecordingTelemetry } from "../support/recordingTelemetry";

const a = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const b = "11111111-1111-4111-8111-111111111111";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface BatchAnswer {
  requestId: string;
  accepted: string[];
  rejected: { id: string; reason: string; message: string }[];
  filter?: Record<string, string>;
}

interface ErrorAnswer {
  error: { code: string; message: string; details?: { code: string; message: string; target: string }[] };
}

function startSender(peer: AmqpPeer): ServiceBusQueueSender {
  return new ServiceBusQueueSender(() =>
    createServiceBusClient({ kind: "connectionString", connectionString: peer.connectionString, endpoint: "" }, { getToken: () => Promise.resolve(null) }, { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } }),
  );
}

describe("POST /api/reprocess", () => {
  // One namespace and connected sender for the file (connecting costs ~150 ms); a queue per test.
  let peer: AmqpPeer;
  let sender: ServiceBusQueueSender;
  let tests = 0;
  let queueName: string;
  let telemetry: RecordingTelemetry;
  let handler: ReturnType<typeof createReprocessBatchHttpHandler>;

  beforeAll(async () => {
    peer = await AmqpPeer.start();
    sender = startSender(peer);
  });
  afterAll(async () => {
    await sender.close();
    await peer.close();
  });
  beforeEach(() => {
    tests += 1;
    queueName = `reprocess-${tests}`;
    telemetry = new RecordingTelemetry();
    handler = createReprocessBatchHttpHandler({ queueSender: sender, telemetry, queueName });
  });
  afterEach(() => {
    expect(peer.errors).toEqual([]);
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    invokeHttp(handler, { method: "POST", url: "http://localhost:7071/api/reprocess", headers: { "content-type": "application/json", ...headers }, body: { string: typeof body === "string" ? body : JSON.stringify(body) } });

  it("answers 202 with the request id, the accepted ids and the rejected ones with reasons", async () => {
    const { response } = await post({ assignmentIds: [a, "nope", b.toUpperCase(), a] });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as BatchAnswer;
    expect(answer.requestId).toMatch(guid);
    expect(answer.accepted).toEqual([a, b]);
    expect(answer.rejected).toMatchObject([
      { id: "nope", reason: "invalidId" },
      { id: a, reason: "duplicate" },
    ]);
  });

  it("enqueues one first-attempt reprocess message per accepted id, named after the request", async () => {
    const { response } = await post({ assignmentIds: [a, b] });
    const { requestId } = (await response.json()) as BatchAnswer;
    expect(peer.messages(queueName)).toMatchObject([
      { messageId: `${requestId}:${a}`, body: { json: { type: "reprocess", assignmentId: a } }, applicationProperties: { attempt: 1, requestId } },
      { messageId: `${requestId}:${b}`, body: { json: { type: "reprocess", assignmentId: b } }, applicationProperties: { attempt: 1, requestId } },
    ]);
  });

  it("uses the Idempotency-Key as the request id", async () => {
    const { response } = await post({ assignmentIds: [a] }, { "idempotency-key": "nightly-42" });
    expect(((await response.json()) as BatchAnswer).requestId).toBe("nightly-42");
    expect(peer.messages(queueName)[0]?.messageId).toBe(`nightly-42:${a}`);
  });

  it("enqueues nothing twice when a call is retried with the same Idempotency-Key", async () => {
    await post({ assignmentIds: [a, b] }, { "idempotency-key": "retry-me" });
    const { response } = await post({ assignmentIds: [a, b] }, { "idempotency-key": "retry-me" });
    expect(response.status).toBe(202);
    expect(peer.messages(queueName)).toHaveLength(2);
    expect(peer.duplicatesDropped(queueName)).toBe(2);
  });

  it("answers 400 invalidIdempotencyKey, enqueuing nothing, for a key that cannot be part of a message id", async () => {
    const { response } = await post({ assignmentIds: [a] }, { "idempotency-key": "has:colon" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe("invalidIdempotencyKey");
    expect(peer.messages(queueName)).toEqual([]);
  });

  it("enqueues one expand message for a filter and echoes the filter", async () => {
    const { response } = await post({ accessPackageId: pkg, targetObjectId: b }, { "idempotency-key": "by-filter" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ requestId: "by-filter", accepted: [], rejected: [], filter: { accessPackageId: pkg, targetObjectId: b } });
    expect(peer.messages(queueName)).toMatchObject([
      { messageId: "by-filter:page:1", body: { json: { type: "expand", accessPackageId: pkg, targetObjectId: b } }, applicationProperties: { attempt: 1, requestId: "by-filter", page: 1 } },
    ]);
  });

  it("accepts 1000 ids in one call", async () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`);
    const { response } = await post({ assignmentIds: ids });
    expect(response.status).toBe(202);
    expect(peer.messages(queueName)).toHaveLength(1000);
  });

  it("reports the enqueued messages as one queue action", async () => {
    await post({ assignmentIds: [a, b] }, { "idempotency-key": "counted" });
    expect(telemetry.queueActions).toEqual([{ action: "enqueued", source: "http", messageId: "counted", attempt: 1, count: 2 }]);
  });

  it.each([
    ["text that is not JSON", "assignmentIds=a"],
    ["an empty body", ""],
    ["truncated JSON", '{"assignmentIds": ['],
  ])("answers 400 invalidJson for %s", async (_label, body) => {
    const { response } = await post(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe("invalidJson");
  });

  it.each([
    ["no ids", { assignmentIds: [] }],
    ["1001 ids", { assignmentIds: Array.from({ length: 1001 }, () => a) }],
    ["an unknown key", { ids: [a] }],
    ["neither ids nor a filter", {}],
    ["both ids and a filter", { assignmentIds: [a], accessPackageId: pkg }],
  ])("answers 400 invalidRequest for %s", async (_label, body) => {
    const { response } = await post(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe("invalidRequest");
    expect(peer.messages(queueName)).toEqual([]);
  });

  it("answers 400 noValidAssignmentIds listing each rejected id in Graph's details shape", async () => {
    const { response } = await post({ assignmentIds: ["x", a.slice(1)] });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorAnswer;
    expect(error.code).toBe("noValidAssignmentIds");
    expect(error.details).toMatchObject([
      { code: "invalidId", target: "x" },
      { code: "invalidId", target: a.slice(1) },
    ]);
  });

  it("answers 413 without reading a body whose Content-Length is over 1 MB", async () => {
    const { response } = await post({ assignmentIds: [a] }, { "content-length": String(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe("requestTooLarge");
  });

  it("answers 413 for a body over 1 MB that declares no length", async () => {
    const { response } = await post({ assignmentIds: [a], padding: "x".repeat(1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it("answers 503 serviceBusNotConfigured when the app has no Service Bus connection", async () => {
    const unconfigured = createReprocessBatchHttpHandler({ queueSender: undefined, telemetry, queueName });
    const { response } = await invokeHttp(unconfigured, { body: { string: JSON.stringify({ assignmentIds: [a] }) } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe("serviceBusNotConfigured");
  });

  it("answers 503 serviceBusUnavailable with Retry-After when Service Bus refuses the messages", async () => {
    peer.failNext({ operation: "send", queue: queueName, mode: "reject" });
    const { response } = await post({ assignmentIds: [a] }, { "idempotency-key": "later" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    const { error } = (await response.json()) as ErrorAnswer;
    expect(error.code).toBe("serviceBusUnavailable");
    expect(error.message).toContain("later");
  });

  it("answers 503 when Service Bus cannot be reached at all", async () => {
    const gone = await AmqpPeer.start();
    const unreachable = startSender(gone);
    await gone.close();
    const { response } = await invokeHttp(createReprocessBatchHttpHandler({ queueSender: unreachable, telemetry, queueName }), { body: { string: JSON.stringify({ assignmentIds: [a] }) } });
    await unreachable.close();
    expect(response.status).toBe(503);
  });
});
