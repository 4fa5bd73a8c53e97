import { isServiceBusError, ServiceBusClient, type ServiceBusClientOptions } from "@azure/service-bus";
import { create_container, type Delivery, type EventContext } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { AmqpPeer, type AmqpPeerOptions } from "./amqpPeer";

// The SDK's default retry policy is 3 retries 30 s apart; tests that expect a failure must not wait for it.
const failFast = { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } };
// After a dropped connection the SDK does not fail the pending operation: it waits out timeoutInMs.
const dropTolerance = { retryOptions: { maxRetries: 0, timeoutInMs: 1_000 } };
const QUEUE = "reprocess";

describe("AmqpPeer driven by the real ServiceBusClient", () => {
  let peer: AmqpPeer | undefined;
  let client: ServiceBusClient | undefined;

  async function connect(
    peerOptions: AmqpPeerOptions = { queues: [QUEUE] },
    clientOptions: ServiceBusClientOptions = failFast,
  ): Promise<{ peer: AmqpPeer; client: ServiceBusClient }> {
    peer = await AmqpPeer.start(peerOptions);
    client = new ServiceBusClient(peer.connectionString, clientOptions);
    return { peer, client };
  }

  afterEach(async () => {
    // Anything rhea reported on the peer's side is a protocol surprise worth failing on.
    expect(peer?.errors ?? []).toEqual([]);
    await client?.close();
    await peer?.close();
    client = undefined;
    peer = undefined;
  });

  describe("connecting", () => {
    it("accepts a client that authenticates with SASL PLAIN", async () => {
      const { peer } = await connect();
      const container = create_container();
      const connection = container.connect({ host: "127.0.0.1", port: peer.port, username: "k", password: "v", reconnect: false });
      await new Promise<void>((resolve, reject) => {
        connection.once("connection_open", () => {
          resolve();
        });
        connection.once("disconnected", (context: EventContext) => {
          reject(context.error ?? new Error("disconnected"));
        });
      });
      connection.close();
    });
  });

  describe("sending", () => {
    it("stores a single message with its body, message id, content type and application properties", async () => {
      const { peer, client } = await connect();
      await client.createSender(QUEUE).sendMessages({
        body: { assignmentId: "a1" },
        messageId: "m1",
        contentType: "application/json",
        applicationProperties: { attempt: 2, source: "webhook" },
      });

      const [stored] = peer.messages(QUEUE);
      expect(stored).toMatchObject({
        messageId: "m1",
        contentType: "application/json",
        applicationProperties: { attempt: 2, source: "webhook" },
        sequenceNumber: 1,
        deliveryCount: 0,
        state: "active",
      });
      expect(stored?.body).toEqual({ kind: "data", raw: Buffer.from('{"assignmentId":"a1"}'), json: { assignmentId: "a1" } });
    });

    it("unpacks a batch into one stored message per batched message, in order", async () => {
      const { peer, client } = await connect();
      const sender = client.createSender(QUEUE);
      const batch = await sender.createMessageBatch();
      for (const id of ["b1", "b2", "b3"]) {
        expect(batch.tryAddMessage({ body: { assignmentId: id }, messageId: id, applicationProperties: { id } })).toBe(true);
      }
      await sender.sendMessages(batch);

      expect(peer.messages(QUEUE)).toMatchObject([
        { messageId: "b1", body: { json: { assignmentId: "b1" } }, applicationProperties: { id: "b1" }, sequenceNumber: 1 },
        { messageId: "b2", body: { json: { assignmentId: "b2" } }, applicationProperties: { id: "b2" }, sequenceNumber: 2 },
        { messageId: "b3", body: { json: { assignmentId: "b3" } }, applicationProperties: { id: "b3" }, sequenceNumber: 3 },
      ]);
    });

    it("keeps a Buffer body as raw bytes with no JSON", async () => {
      const { peer, client } = await connect();
      await client.createSender(QUEUE).sendMessages({ body: Buffer.from("not json"), messageId: "raw" });
      expect(peer.messages(QUEUE)[0]?.body).toEqual({ kind: "data", raw: Buffer.from("not json"), json: undefined });
    });

    it("gives an amqp-value body as the value", async () => {
      const { peer, client } = await connect();
      await client.createSender(QUEUE).sendMessages({ body: { typed: true }, bodyType: "value", properties: { messageId: "typed" } });
      expect(peer.messages(QUEUE)[0]?.body).toEqual({ kind: "value", value: { typed: true } });
    });

    it("refuses a send to a queue the namespace does not have", async () => {
      const { client } = await connect();
      const error: unknown = await client.createSender("nope").sendMessages({ body: 1 }).catch((caught: unknown) => caught);
      expect(isServiceBusError(error) && error.code).toBe("MessagingEntityNotFound");
    });
  });

  describe("duplicate detection", () => {
    it("accepts a second message with the same id but does not store it, and counts it", async () => {
      const { peer, client } = await connect();
      const sender = client.createSender(QUEUE);
      await sender.sendMessages({ body: { n: 1 }, messageId: "same" });
      await sender.sendMessages({ body: { n: 2 }, messageId: "same" });

      expect(peer.messages(QUEUE).map((message) => message.body)).toMatchObject([{ json: { n: 1 } }]);
      expect(peer.duplicatesDropped(QUEUE)).toBe(1);
    });

    it("stores both when the queue has duplicate detection off", async () => {
      const { peer, client } = await connect({ queues: [{ name: QUEUE, duplicateDetection: false }] });
      const sender = client.createSender(QUEUE);
      await sender.sendMessages([{ body: 1, messageId: "same" }, { body: 2, messageId: "same" }]);
      expect(peer.messages(QUEUE)).toHaveLength(2);
      expect(peer.duplicatesDropped(QUEUE)).toBe(0);
    });

    it("drops a duplicate that a test enqueues directly, returning undefined", async () => {
      const { peer } = await connect();
      expect(peer.enqueue(QUEUE, { body: 1, messageId: "same" })).toMatchObject({ messageId: "same" });
      expect(peer.enqueue(QUEUE, { body: 2, messageId: "same" })).toBeUndefined();
      expect(peer.duplicatesDropped(QUEUE)).toBe(1);
    });

    it("forgets an id once the detection window has passed on the peer's clock", async () => {
      let now = Date.parse("2026-11-28T10:00:00Z");
      const { peer, client } = await connect({ queues: [{ name: QUEUE, duplicateDetectionWindowMs: 60_000 }], now: () => now });
      const sender = client.createSender(QUEUE);
      await sender.sendMessages({ body: 1, messageId: "same" });
      now += 60_000;
      await sender.sendMessages({ body: 2, messageId: "same" });
      expect(peer.messages(QUEUE)).toHaveLength(2);
    });

    // The peer shares the process of the tests that measure the heap: what it remembers must not grow forever.
    it("keeps no id past the detection window, so its memory does not grow with every message sent", async () => {
      let now = Date.parse("2026-11-28T10:00:00Z");
      const { peer } = await connect({ queues: [{ name: QUEUE, duplicateDetectionWindowMs: 60_000 }], now: () => now });
      for (const messageId of ["a", "b", "c"]) peer.enqueue(QUEUE, { body: 1, messageId });
      now += 60_000;
      peer.enqueue(QUEUE, { body: 1, messageId: "d" });
      expect(peer.storedMessageIds(QUEUE)).toEqual(["d"]);
    });

    it("keeps no id at all when the queue has duplicate detection off", async () => {
      const { peer } = await connect({ queues: [{ name: QUEUE, duplicateDetection: false }] });
      peer.enqueue(QUEUE, { body: 1, messageId: "a" });
      expect(peer.storedMessageIds(QUEUE)).toEqual([]);
    });
  });

  describe("message histories", () => {
    it("keeps none unless the queue asks for them", async () => {
      const { peer } = await connect();
      peer.enqueue(QUEUE, { body: 1, messageId: "a" });
      expect(peer.history(QUEUE, "a")).toEqual([]);
    });

    it("records what happened to each message id when the queue asks for it", async () => {
      const { peer } = await connect({ queues: [{ name: QUEUE, recordHistory: true }] });
      peer.enqueue(QUEUE, { body: 1, messageId: "a" });
      peer.takeDue(QUEUE, Number.MAX_SAFE_INTEGER);
      expect(peer.history(QUEUE, "a").map((line) => line.slice(line.indexOf(" ") + 1))).toEqual(["stored seq 1", "taken (takeDue)"]);
    });
  });

  describe("scheduling", () => {
    it("records the scheduled enqueue time and answers with the sequence numbers", async () => {
      const { peer, client } = await connect();
      const at = new Date(Date.now() + 3_600_000);
      const sequenceNumbers = await client.createSender(QUEUE).scheduleMessages(
        [{ body: { retry: 1 }, messageId: "s1" }, { body: { retry: 2 }, messageId: "s2" }],
        at,
      );

      expect(sequenceNumbers.map((sequenceNumber) => sequenceNumber.toNumber())).toEqual([1, 2]);
      expect(peer.messages(QUEUE)).toMatchObject([
        { messageId: "s1", body: { json: { retry: 1 } }, scheduledEnqueueTimeUtc: at, state: "scheduled" },
        { messageId: "s2", body: { json: { retry: 2 } }, scheduledEnqueueTimeUtc: at, state: "scheduled" },
      ]);
    });

    it("hands out a scheduled message from takeDue only once its time has come", async () => {
      let now = Date.parse("2026-11-28T10:00:00Z");
      const { peer, client } = await connect({ queues: [QUEUE], now: () => now });
      await client.createSender(QUEUE).scheduleMessages({ body: "later", messageId: "s" }, new Date(now + 30_000));

      expect(peer.takeDue(QUEUE)).toEqual([]);
      now += 30_000;
      expect(peer.takeDue(QUEUE)).toMatchObject([{ messageId: "s", deliveryCount: 1 }]);
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("hands out an unscheduled message from takeDue at once", async () => {
      const { peer, client } = await connect();
      await client.createSender(QUEUE).sendMessages({ body: { assignmentId: "now" }, messageId: "n" });
      expect(peer.takeDue(QUEUE)).toMatchObject([{ messageId: "n", body: { json: { assignmentId: "now" } } }]);
    });

    it("removes a scheduled message whose schedule is cancelled", async () => {
      const { peer, client } = await connect();
      const sender = client.createSender(QUEUE);
      const [keep, cancel] = await sender.scheduleMessages(
        [{ body: 1, messageId: "keep" }, { body: 2, messageId: "cancel" }],
        new Date(Date.now() + 60_000),
      );
      if (keep === undefined || cancel === undefined) throw new Error("expected two sequence numbers");
      await sender.cancelScheduledMessages(cancel);
      expect(peer.messages(QUEUE).map((message) => message.messageId)).toEqual(["keep"]);
    });

    it("does not deliver a scheduled message to a receiver before its time", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: "later", messageId: "s", scheduledEnqueueTimeUtc: new Date(Date.now() + 60_000) });
      const received = await client.createReceiver(QUEUE).receiveMessages(1, { maxWaitTimeInMs: 300 });
      expect(received).toEqual([]);
    });
  });

  describe("receiving", () => {
    it("hands a peekLock receiver the message's body, id and properties under a lock token", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: { assignmentId: "a1" }, messageId: "r1", applicationProperties: { attempt: 1 } });

      const [message] = await client.createReceiver(QUEUE, { receiveMode: "peekLock" }).receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect(message).toMatchObject({
        body: { assignmentId: "a1" },
        messageId: "r1",
        applicationProperties: { attempt: 1 },
        sequenceNumber: expect.objectContaining({ low: 1 }) as unknown,
        lockToken: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) as unknown,
      });
      expect(peer.messages(QUEUE)).toMatchObject([{ state: "locked", deliveryCount: 1 }]);
    });

    it("removes a message once its peekLock receiver completes it", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: 1, messageId: "r1" });
      const receiver = client.createReceiver(QUEUE, { receiveMode: "peekLock" });
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (message === undefined) throw new Error("expected a message");

      await receiver.completeMessage(message);
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("leaves an abandoned message in the queue with its delivery count raised by one", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: "retry me", messageId: "r1" });
      const receiver = client.createReceiver(QUEUE, { receiveMode: "peekLock" });
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (message === undefined) throw new Error("expected a message");

      await receiver.abandonMessage(message);
      expect(peer.messages(QUEUE)).toMatchObject([{ messageId: "r1", deliveryCount: 1, state: "active" }]);
    });

    it("redelivers an abandoned message, which the JS SDK reports as deliveryCount 1 (earlier deliveries)", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: "retry me", messageId: "r1" });
      const receiver = client.createReceiver(QUEUE, { receiveMode: "peekLock" });
      const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (first === undefined) throw new Error("expected a message");
      await receiver.abandonMessage(first);

      const [second] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect([first.deliveryCount, second?.deliveryCount]).toEqual([0, 1]);
    });

    it("dead-letters a message on the abandon that reaches maxDeliveryCount", async () => {
      const { peer, client } = await connect({ queues: [{ name: QUEUE, maxDeliveryCount: 1 }] });
      peer.enqueue(QUEUE, { body: 1, messageId: "poison" });
      const receiver = client.createReceiver(QUEUE);
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (message === undefined) throw new Error("expected a message");

      await receiver.abandonMessage(message);
      expect(peer.messages(QUEUE)).toEqual([]);
      expect(peer.messages(`${QUEUE}/$DeadLetterQueue`)).toMatchObject([
        { messageId: "poison", applicationProperties: { DeadLetterReason: "MaxDeliveryCountExceeded" } },
      ]);
    });

    // rhea keeps each delivery it sent until the receiver settles it too, which the SDK's peekLock
    // receiver never does once the peer settled: the peer must free them itself or stall at 2,048.
    it("keeps delivering to one peekLock receiver past the 2,048 deliveries of a session's buffer", async () => {
      const { peer, client } = await connect();
      const total = 2_100;
      for (let index = 0; index < total; index++) peer.enqueue(QUEUE, { body: index, messageId: `m${index}` });
      const receiver = client.createReceiver(QUEUE, { receiveMode: "peekLock" });
      let completed = 0;
      for (;;) {
        const batch = await receiver.receiveMessages(200, { maxWaitTimeInMs: 1_000 });
        if (batch.length === 0) break;
        for (const message of batch) await receiver.completeMessage(message);
        completed += batch.length;
      }
      expect([completed, peer.messages(QUEUE).length]).toEqual([total, 0]);
    }, 30_000);

    it("hands a message out again once its lock expires", async () => {
      const { peer, client } = await connect({ queues: [{ name: QUEUE, lockDurationMs: 300 }] });
      peer.enqueue(QUEUE, { body: 1, messageId: "slow" });
      const receiver = client.createReceiver(QUEUE, { maxAutoLockRenewalDurationInMs: 0 });
      expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 })).toHaveLength(1);

      const again = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect(again).toMatchObject([{ messageId: "slow", deliveryCount: 1 }]);
    });

    it("refuses to complete a message whose lock has expired", async () => {
      const { peer, client } = await connect({ queues: [{ name: QUEUE, lockDurationMs: 300 }] });
      peer.enqueue(QUEUE, { body: 1, messageId: "slow" });
      const receiver = client.createReceiver(QUEUE, { maxAutoLockRenewalDurationInMs: 0 });
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (message === undefined) throw new Error("expected a message");
      await new Promise((resolve) => setTimeout(resolve, 400));

      const error: unknown = await receiver.completeMessage(message).catch((caught: unknown) => caught);
      expect(isServiceBusError(error) && error.code).toBe("MessageLockLost");
      expect(peer.messages(QUEUE)).toMatchObject([{ messageId: "slow" }]);
    });

    it("makes a locked message available again when its receiver closes", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: 1, messageId: "orphan" });
      const first = client.createReceiver(QUEUE);
      expect(await first.receiveMessages(1, { maxWaitTimeInMs: 2_000 })).toHaveLength(1);
      await first.close();

      const received = await client.createReceiver(QUEUE).receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect(received).toMatchObject([{ messageId: "orphan", deliveryCount: 1 }]);
    });

    it("delivers to a subscribe() handler as messages arrive", async () => {
      const { peer, client } = await connect();
      const receiver = client.createReceiver(QUEUE);
      const handled = new Promise<unknown>((resolve, reject) => {
        receiver.subscribe(
          {
            processMessage: async (message) => {
              resolve(message.body);
              await Promise.resolve();
            },
            processError: async (args) => {
              reject(args.error);
              await Promise.resolve();
            },
          },
          { autoCompleteMessages: true },
        );
      });
      peer.enqueue(QUEUE, { body: { pushed: true }, messageId: "sub" });
      expect(await handled).toEqual({ pushed: true });
      await receiver.close();
    });

    it("removes a message as it is handed out in receiveAndDelete mode", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: { n: 1 }, messageId: "d1" });
      const receiver = client.createReceiver(QUEUE, { receiveMode: "receiveAndDelete" });
      const received = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect(received).toMatchObject([{ messageId: "d1", body: { n: 1 } }]);
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("renews a message lock to a later time", async () => {
      const { peer, client } = await connect({ queues: [{ name: QUEUE, lockDurationMs: 30_000 }] });
      peer.enqueue(QUEUE, { body: 1, messageId: "l1" });
      const receiver = client.createReceiver(QUEUE, { maxAutoLockRenewalDurationInMs: 0 });
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      const firstLockedUntil = message?.lockedUntilUtc;
      if (message === undefined || firstLockedUntil === undefined) throw new Error("expected a locked message");
      await new Promise((resolve) => setTimeout(resolve, 20));
      const renewedUntil = await receiver.renewMessageLock(message);
      expect(renewedUntil.getTime()).toBeGreaterThan(firstLockedUntil.getTime());
    });

    it("moves a dead-lettered message to the queue's dead-letter sub-queue", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: 1, messageId: "dl" });
      const receiver = client.createReceiver(QUEUE);
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (message === undefined) throw new Error("expected a message");
      await receiver.deadLetterMessage(message, { deadLetterReason: "poison", deadLetterErrorDescription: "bad body" });
      expect(peer.messages(QUEUE)).toEqual([]);
      expect(peer.messages(`${QUEUE}/$DeadLetterQueue`)).toMatchObject([
        { messageId: "dl", applicationProperties: { DeadLetterReason: "poison", DeadLetterErrorDescription: "bad body" } },
      ]);
    });

    it("lets peekMessages read stored messages, scheduled ones included, without removing them", async () => {
      const { peer, client } = await connect();
      peer.enqueue(QUEUE, { body: { n: 1 }, messageId: "p1" });
      peer.enqueue(QUEUE, { body: { n: 2 }, messageId: "p2", scheduledEnqueueTimeUtc: new Date(Date.now() + 60_000) });
      const receiver = client.createReceiver(QUEUE);

      const peeked = await receiver.peekMessages(10);
      expect(peeked.map((message) => ({ messageId: message.messageId, body: message.body as unknown, state: message.state }))).toEqual([
        { messageId: "p1", body: { n: 1 }, state: "active" },
        { messageId: "p2", body: { n: 2 }, state: "scheduled" },
      ]);
      expect(await receiver.peekMessages(10)).toEqual([]);
      expect(peer.messages(QUEUE)).toHaveLength(2);
    });
  });

  describe("answering settlements", () => {
    it("answers each completion of one disposition frame with its own outcome, so a lapsed lock beside a held one is reported lost", async () => {
      const { peer } = await connect({ queues: [{ name: "held", lockDurationMs: 60_000 }, { name: "lapsing", lockDurationMs: 300 }] });
      peer.enqueue("held", { messageId: "held", body: 1 });
      peer.enqueue("lapsing", { messageId: "lapsing", body: 2 });
      // A bare rhea client, as the SDK would be: both links on the connection's one session, so the
      // two deliveries get consecutive ids and one disposition frame completes both.
      const connection = create_container().connect({ host: "127.0.0.1", port: peer.port, username: "k", password: "v", reconnect: false });
      const deliveries: Delivery[] = [];
      for (const queue of ["held", "lapsing"]) {
        const receiver = connection.open_receiver({ source: { address: queue }, autoaccept: false, credit_window: 0, rcv_settle_mode: 1 });
        const delivered = new Promise<void>((resolve) => {
          receiver.once("message", (context: EventContext) => {
            if (context.delivery !== undefined) deliveries.push(context.delivery);
            resolve();
          });
        });
        await new Promise((resolve) => receiver.once("receiver_open", resolve));
        receiver.add_credit(1);
        await delivered;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const answered = deliveries.map(
        (delivery) =>
          new Promise<unknown>((resolve) => {
            delivery.link.on("settled", (context: EventContext) => {
              // rhea's outcome objects carry functions; their JSON is what went over the wire.
              if (context.delivery === delivery) resolve(JSON.parse(JSON.stringify(context.delivery.remote_state ?? null)));
            });
          }),
      );
      for (const delivery of deliveries) delivery.accept();
      const [held, lapsed] = await Promise.all(answered);
      await new Promise((resolve) => {
        connection.once("connection_close", resolve);
        connection.close();
      });

      expect(held).toEqual({});
      expect(lapsed).toMatchObject({ error: { condition: "com.microsoft:message-lock-lost" } });
      expect(peer.messages("lapsing").map((message) => message.messageId)).toEqual(["lapsing"]);
    });
  });

  describe("fault injection", () => {
    it("counts a queued send fault as pending for its queue until a send to that queue meets it", async () => {
      const { peer, client } = await connect({ queues: [QUEUE, "other"] });
      peer.failNext({ operation: "send", queue: QUEUE, mode: "reject" });
      await client.createSender("other").sendMessages({ body: 1, messageId: "o" });
      const before = [peer.pendingFaults("send", QUEUE), peer.pendingFaults("send", "other")];

      await client.createSender(QUEUE).sendMessages({ body: 1, messageId: "f" }).catch(() => undefined);
      expect([...before, peer.pendingFaults("send", QUEUE)]).toEqual([1, 0, 0]);
    });

    it("makes a rejected send fail in the SDK with a retryable error", async () => {
      const { peer, client } = await connect();
      peer.failNext({ operation: "send", queue: QUEUE, mode: "reject" });

      const error: unknown = await client.createSender(QUEUE).sendMessages({ body: 1, messageId: "f" }).catch((caught: unknown) => caught);
      expect(isServiceBusError(error) && { code: error.code, retryable: error.retryable }).toEqual({ code: "GeneralError", retryable: true });
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("lets a send through once the asked number of failures is used up", async () => {
      const { peer, client } = await connect();
      peer.failNext({ operation: "send", mode: "reject", times: 2 });
      const sender = client.createSender(QUEUE);
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        outcomes.push(await sender.sendMessages({ body: attempt }).then(() => "sent", () => "failed"));
      }
      expect(outcomes).toEqual(["failed", "failed", "sent"]);
    });

    it("is retried by the SDK within its retryOptions, so a send survives fewer failures than retries", async () => {
      const { peer, client } = await connect(undefined, { retryOptions: { maxRetries: 2, retryDelayInMs: 10 } });
      peer.failNext({ operation: "send", mode: "reject", times: 2 });
      await client.createSender(QUEUE).sendMessages({ body: 1, messageId: "third-time" });
      expect(peer.messages(QUEUE).map((message) => message.messageId)).toEqual(["third-time"]);
    });

    it("wraps every attempt's error in an AggregateError when the SDK's retries all fail", async () => {
      const { peer, client } = await connect(undefined, { retryOptions: { maxRetries: 1, retryDelayInMs: 10 } });
      peer.failNext({ operation: "send", mode: "reject", times: 2 });
      const error: unknown = await client.createSender(QUEUE).sendMessages({ body: 1 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AggregateError);
      expect(error instanceof AggregateError && error.errors.map((attempt: unknown) => isServiceBusError(attempt))).toEqual([true, true]);
    });

    it("makes a send whose connection is dropped fail in the SDK once its operation timeout passes", async () => {
      const { peer, client } = await connect(undefined, dropTolerance);
      peer.failNext({ operation: "send", mode: "drop" });
      const error: unknown = await client.createSender(QUEUE).sendMessages({ body: 1 }).catch((caught: unknown) => caught);
      expect(isServiceBusError(error) && error.code).toBe("ServiceTimeout");
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("makes a schedule answered with status 500 fail in the SDK", async () => {
      const { peer, client } = await connect();
      peer.failNext({ operation: "schedule", mode: "reject" });
      const error: unknown = await client
        .createSender(QUEUE)
        .scheduleMessages({ body: 1 }, new Date(Date.now() + 60_000))
        .catch((caught: unknown) => caught);
      expect(isServiceBusError(error) && error.message).toBe("InternalServerError: Injected schedule failure");
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("makes a schedule whose connection is dropped fail in the SDK once its operation timeout passes", async () => {
      const { peer, client } = await connect(undefined, dropTolerance);
      peer.failNext({ operation: "schedule", mode: "drop" });
      const error: unknown = await client
        .createSender(QUEUE)
        .scheduleMessages({ body: 1 }, new Date(Date.now() + 60_000))
        .catch((caught: unknown) => caught);
      expect(isServiceBusError(error) && error.code).toBe("ServiceTimeout");
      expect(peer.messages(QUEUE)).toEqual([]);
    });

    it("leaves other queues' sends alone when the fault names a queue", async () => {
      const { peer, client } = await connect({ queues: [QUEUE, "parked"] });
      peer.failNext({ operation: "send", queue: QUEUE, mode: "reject" });
      await client.createSender("parked").sendMessages({ body: 1 });
      expect(peer.messages("parked")).toHaveLength(1);
    });
  });
});
