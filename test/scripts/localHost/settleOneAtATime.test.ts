import { ServiceBusClient, type ServiceBusReceivedMessage, type ServiceBusReceiver } from "@azure/service-bus";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SettleOneAtATime } from "../../../scripts/localHost/serviceBus/settleOneAtATime";
import { AmqpPeer } from "../../support/amqp/amqpPeer";

const queue = "reprocess";

describe("settling a receiver's messages concurrently", () => {
  let peer: AmqpPeer;
  let client: ServiceBusClient;
  let receiver: ServiceBusReceiver;
  let messages: ServiceBusReceivedMessage[];

  beforeEach(async () => {
    peer = await AmqpPeer.start({ queues: [queue] });
    for (const messageId of ["a", "b", "c", "d"]) peer.enqueue(queue, { messageId, body: { messageId } });
    client = new ServiceBusClient(peer.connectionString, { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } });
    receiver = client.createReceiver(queue, { receiveMode: "peekLock" });
    messages = await receiver.receiveMessages(4, { maxWaitTimeInMs: 5_000 });
    expect(messages.map((message) => message.messageId)).toEqual(["a", "b", "c", "d"]);
  });

  afterEach(async () => {
    await receiver.close();
    await client.close();
    await peer.close();
  });

  const left = (): unknown[] => peer.messages(queue).map((message) => message.messageId);

  // Documents the client library's bug the chaos consumer works around (see SettleOneAtATime):
  // when this starts failing after an upgrade, the workaround can go.
  it("applies completions issued in the same turn right after an abandon as abandons, though the SDK reports them done (rhea 3.0.5)", async () => {
    const [a, b, c, d] = messages as [ServiceBusReceivedMessage, ServiceBusReceivedMessage, ServiceBusReceivedMessage, ServiceBusReceivedMessage];
    await Promise.all([receiver.abandonMessage(a), receiver.completeMessage(b), receiver.completeMessage(c), receiver.abandonMessage(d)]);
    expect(left()).toEqual(["a", "b", "c", "d"]);
  });

  it("gives each message its own outcome when concurrent settlements go one at a time", async () => {
    const [a, b, c, d] = messages as [ServiceBusReceivedMessage, ServiceBusReceivedMessage, ServiceBusReceivedMessage, ServiceBusReceivedMessage];
    const settlements = new SettleOneAtATime(receiver);
    await Promise.all([settlements.abandon(a), settlements.complete(b), settlements.complete(c), settlements.abandon(d)]);
    expect(left()).toEqual(["a", "d"]);
  });
});
