import { ServiceBusClient } from "@azure/service-bus";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServiceBusClient, worstCaseOperationMs } from "../../src/serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "../../src/serviceBus/serviceBusQueueSender";
import { isQueueSendError } from "../../src/queue/queueSendError";
import type { OutgoingQueueMessage } from "../../src/queue/queueSender";
import { AmqpPeer } from "../support/amqp/amqpPeer";

const queue = "reprocess";
const failFast = { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } };
const options = () => ({ abortSignal: AbortSignal.timeout(10_000) });
const message = (messageId: string, extra: Partial<OutgoingQueueMessage> = {}): OutgoingQueueMessage => ({
  messageId,
  body: { type: "reprocess", assignmentId: messageId },
  applicationProperties: { attempt: 1, requestId: "req" },
  ...extra,
});

describe("ServiceBusQueueSender", () => {
  let peer: AmqpPeer;
  let sender: ServiceBusQueueSender;
  let clientsCreated: number;

  beforeEach(async () => {
    peer = await AmqpPeer.start({ queues: [queue, "parked"] });
    clientsCreated = 0;
    sender = new ServiceBusQueueSender(() => {
      clientsCreated += 1;
      return createServiceBusClient({ kind: "connectionString", connectionString: peer.connectionString, endpoint: "" }, { getToken: () => Promise.resolve(null) }, failFast);
    });
  });
  afterEach(async () => {
    await sender.close();
    await peer.close();
    expect(peer.errors).toEqual([]);
  });

  it("sends each message with its id, JSON body, content type and application properties", async () => {
    await sender.send(queue, [message("m1")], options());
    expect(peer.messages(queue)).toMatchObject([
      { messageId: "m1", contentType: "application/json", applicationProperties: { attempt: 1, requestId: "req" }, body: { json: { type: "reprocess", assignmentId: "m1" } } },
    ]);
  });

  it("sends a Buffer body as the bytes it holds", async () => {
    await sender.send(queue, [message("raw", { body: Buffer.from("not json"), contentType: "application/octet-stream" })], options());
    expect(peer.messages(queue)[0]?.body).toEqual({ kind: "data", raw: Buffer.from("not json"), json: undefined });
  });

  it("splits more messages than one batch holds into several batches, in order", async () => {
    const padding = "p".repeat(2_000);
    const messages = Array.from({ length: 300 }, (_, index) => message(`m${index}`, { body: { type: "reprocess", assignmentId: `m${index}`, padding } }));
    await sender.send(queue, messages, options());
    expect(peer.messages(queue).map((stored) => stored.messageId)).toEqual(messages.map((sent) => sent.messageId));
  });

  it("schedules a message with a plain send carrying its enqueue time", async () => {
    const at = new Date(Date.now() + 60_000);
    await sender.send(queue, [message("later", { scheduledEnqueueTimeUtc: at })], options());
    expect(peer.messages(queue)).toMatchObject([{ messageId: "later", scheduledEnqueueTimeUtc: at, state: "scheduled" }]);
  });

  it("lets duplicate detection drop a second scheduled copy with the same id", async () => {
    const at = new Date(Date.now() + 60_000);
    await sender.send(queue, [message("copy", { scheduledEnqueueTimeUtc: at })], options());
    await sender.send(queue, [message("copy", { scheduledEnqueueTimeUtc: at })], options());
    expect(peer.messages(queue)).toHaveLength(1);
    expect(peer.duplicatesDropped(queue)).toBe(1);
  });

  it("creates one client for the life of the process and reuses it for every queue", async () => {
    await sender.send(queue, [message("a")], options());
    await sender.send("parked", [message("b")], options());
    await sender.send(queue, [message("c")], options());
    expect(clientsCreated).toBe(1);
  });

  it("reports a refused send as a QueueSendError naming the queue", async () => {
    peer.failNext({ operation: "send", queue, mode: "reject" });
    const error: unknown = await sender.send(queue, [message("x")], options()).catch((caught: unknown) => caught);
    expect(isQueueSendError(error) && { name: error.name, queueName: error.queueName, sentCount: error.sentCount }).toEqual({ name: "QueueSendError", queueName: queue, sentCount: 0 });
  });

  it("reports a send to a queue the namespace lacks as a QueueSendError", async () => {
    const error: unknown = await sender.send("nope", [message("x")], options()).catch((caught: unknown) => caught);
    expect(isQueueSendError(error)).toBe(true);
  });

  it("refuses a message larger than the queue accepts, naming it and counting what was sent before", async () => {
    const huge = message("huge", { body: { padding: "x".repeat(300 * 1024) } });
    const error: unknown = await sender.send(queue, [message("small"), huge], options()).catch((caught: unknown) => caught);
    expect(isQueueSendError(error) && { sentCount: error.sentCount, names: error.message.includes("huge") }).toEqual({ sentCount: 1, names: true });
    expect(peer.messages(queue).map((stored) => stored.messageId)).toEqual(["small"]);
  });

  it("gives up at its operation timeout when the SDK would wait a minute for an unanswered token request", async () => {
    const bounded = new ServiceBusQueueSender(
      () => createServiceBusClient({ kind: "connectionString", connectionString: peer.connectionString, endpoint: "" }, { getToken: () => Promise.resolve(null) }, failFast),
      { operationTimeoutMs: 1_000 },
    );
    peer.failNext({ operation: "authorize", mode: "ignore" });
    const started = Date.now();
    const error: unknown = await bounded.send(queue, [message("x")], options()).catch((caught: unknown) => caught);
    const waitedMs = Date.now() - started;
    await bounded.close();
    expect(isQueueSendError(error) && error.message).toContain("no answer within 1000 ms");
    expect(waitedMs).toBeLessThan(5_000);
  });

  it("sends on a new connection after giving up on a stuck one", async () => {
    const bounded = new ServiceBusQueueSender(
      () => {
        clientsCreated += 1;
        return createServiceBusClient({ kind: "connectionString", connectionString: peer.connectionString, endpoint: "" }, { getToken: () => Promise.resolve(null) }, failFast);
      },
      { operationTimeoutMs: 1_000 },
    );
    peer.failNext({ operation: "authorize", mode: "ignore" });
    await bounded.send(queue, [message("stuck")], options()).catch(() => undefined);
    await bounded.send(queue, [message("next")], options());
    await bounded.close();
    expect(clientsCreated).toBe(2);
    expect(peer.messages(queue).map((stored) => stored.messageId)).toEqual(["next"]);
  });

  it("stops when its abort signal fires", async () => {
    const error: unknown = await sender.send(queue, [message("x")], { abortSignal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(isQueueSendError(error)).toBe(true);
  });
});

describe("worstCaseOperationMs", () => {
  it("is every attempt timing out with the longest wait the retry options allow between them", () => {
    expect(worstCaseOperationMs({ maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 5_000, timeoutInMs: 15_000 })).toBe(75_000);
  });
});

describe("createServiceBusClient", () => {
  it("names the namespace of an identity-based connection", async () => {
    const client = createServiceBusClient({ kind: "identity", fullyQualifiedNamespace: "ns.servicebus.windows.net" }, { getToken: () => Promise.resolve(null) });
    expect(client).toBeInstanceOf(ServiceBusClient);
    expect(client.fullyQualifiedNamespace).toBe("ns.servicebus.windows.net");
    await client.close();
  });
});
