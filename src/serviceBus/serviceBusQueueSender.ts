import type { ServiceBusClient, ServiceBusMessage, ServiceBusMessageBatch, ServiceBusSender } from "@azure/service-bus";
import { QueueSendError } from "../queue/queueSendError";
import type { OutgoingQueueMessage, QueueSender, QueueSendOptions } from "../queue/queueSender";

function toServiceBusMessage(message: OutgoingQueueMessage): ServiceBusMessage {
  return {
    messageId: message.messageId,
    body: message.body,
    contentType: message.contentType ?? "application/json",
    applicationProperties: { ...message.applicationProperties },
    ...(message.scheduledEnqueueTimeUtc === undefined ? {} : { scheduledEnqueueTimeUtc: message.scheduledEnqueueTimeUtc }),
  };
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = "code" in error && typeof error.code === "string" ? ` ${error.code}` : "";
  return `${error.name}${code}: ${error.message}`;
}

/**
 * The app's one Service Bus client, created on first use and reused by every invocation, with
 * one sender per queue. Messages go in as few batches as the namespace's size limit allows.
 */
export class ServiceBusQueueSender implements QueueSender {
  readonly #createClient: () => ServiceBusClient;
  #client: ServiceBusClient | undefined;
  readonly #senders = new Map<string, ServiceBusSender>();

  constructor(createClient: () => ServiceBusClient) {
    this.#createClient = createClient;
  }

  async send(queueName: string, messages: readonly OutgoingQueueMessage[], options: QueueSendOptions): Promise<void> {
    let sentCount = 0;
    try {
      const sender = this.#senderFor(queueName);
      const operation = { abortSignal: options.abortSignal };
      let batch: ServiceBusMessageBatch = await sender.createMessageBatch(operation);
      for (const message of messages) {
        const outgoing = toServiceBusMessage(message);
        if (batch.tryAddMessage(outgoing)) continue;
        if (batch.count === 0) {
          throw new QueueSendError(`Message ${message.messageId} is larger than ${queueName} accepts (${batch.maxSizeInBytes} bytes).`, { queueName, sentCount });
        }
        await sender.sendMessages(batch, operation);
        sentCount += batch.count;
        batch = await sender.createMessageBatch(operation);
        if (!batch.tryAddMessage(outgoing)) {
          throw new QueueSendError(`Message ${message.messageId} is larger than ${queueName} accepts (${batch.maxSizeInBytes} bytes).`, { queueName, sentCount });
        }
      }
      if (batch.count > 0) {
        await sender.sendMessages(batch, operation);
      }
    } catch (error) {
      if (error instanceof QueueSendError) throw error;
      throw new QueueSendError(`Sending to ${queueName} failed after ${sentCount} of ${messages.length} messages: ${describeCause(error)}`, { queueName, sentCount, cause: error });
    }
  }

  /** Closes the client, if one was created; a later send creates a new one. */
  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#senders.clear();
    await client?.close();
  }

  #senderFor(queueName: string): ServiceBusSender {
    const existing = this.#senders.get(queueName);
    if (existing !== undefined) return existing;
    this.#client ??= this.#createClient();
    const sender = this.#client.createSender(queueName);
    this.#senders.set(queueName, sender);
    return sender;
  }
}
