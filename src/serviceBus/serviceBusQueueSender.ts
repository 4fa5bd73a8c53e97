import type { ServiceBusClient, ServiceBusMessage, ServiceBusMessageBatch, ServiceBusSender } from "@azure/service-bus";
import { untilAborted } from "../shared/untilAborted";
import { withDeadline } from "../shared/withDeadline";
import { QueueSendError } from "../queue/queueSendError";
import type { OutgoingQueueMessage, QueueSender, QueueSendOptions } from "../queue/queueSender";
import { worstCaseOperationMs } from "./createServiceBusClient";

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

export interface ServiceBusQueueSenderOptions {
  /** The longest one SDK call of a send may take; default: worstCaseOperationMs of the app's retry options. */
  readonly operationTimeoutMs?: number;
}

/** The SDK call did not end in time; the SDK may still be working on it (and may yet store the message). */
class SendTimeoutError extends Error {
  override readonly name = "SendTimeoutError";
}

/**
 * Waits for an SDK call until it ends, the caller's signal fires or `timeoutMs` passes. The SDK is
 * told through its abortSignal, but it does not listen everywhere: a SAS token request to $cbs
 * whose answer was lost with a dropped connection waits 60 s whatever timeoutInMs says, and every
 * link opened meanwhile waits behind it. The wait here ends regardless.
 */
function withinDeadline<T>(operation: (abortSignal: AbortSignal) => Promise<T>, callerSignal: AbortSignal, timeoutMs: number): Promise<T> {
  // Whatever the SDK call ends with after the wait ends, nobody is waiting for it.
  const abortError = (): Error => {
    const reason: unknown = callerSignal.reason;
    if (!callerSignal.aborted) return new SendTimeoutError(`no answer within ${timeoutMs} ms`);
    return reason instanceof Error ? reason : new Error(String(reason));
  };
  return withDeadline(timeoutMs, ({ abortSignal }) => untilAborted(operation(abortSignal), abortSignal, abortError), { abortSignal: callerSignal });
}

/**
 * The app's one Service Bus client, created on first use and reused by every invocation, with
 * one sender per queue. Messages go in as few batches as the namespace's size limit allows.
 */
export class ServiceBusQueueSender implements QueueSender {
  readonly #createClient: () => ServiceBusClient;
  readonly #operationTimeoutMs: number;
  #client: ServiceBusClient | undefined;
  readonly #senders = new Map<string, ServiceBusSender>();

  constructor(createClient: () => ServiceBusClient, options: ServiceBusQueueSenderOptions = {}) {
    this.#createClient = createClient;
    this.#operationTimeoutMs = options.operationTimeoutMs ?? worstCaseOperationMs();
  }

  async send(queueName: string, messages: readonly OutgoingQueueMessage[], options: QueueSendOptions): Promise<void> {
    let sentCount = 0;
    const bounded = <T>(call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> => withinDeadline(call, options.abortSignal, this.#operationTimeoutMs);
    try {
      const sender = this.#senderFor(queueName);
      let batch: ServiceBusMessageBatch = await bounded((abortSignal) => sender.createMessageBatch({ abortSignal }));
      for (const message of messages) {
        const outgoing = toServiceBusMessage(message);
        if (batch.tryAddMessage(outgoing)) continue;
        if (batch.count === 0) {
          throw new QueueSendError(`Message ${message.messageId} is larger than ${queueName} accepts (${batch.maxSizeInBytes} bytes).`, { queueName, sentCount });
        }
        const full = batch;
        await bounded((abortSignal) => sender.sendMessages(full, { abortSignal }));
        sentCount += batch.count;
        batch = await bounded((abortSignal) => sender.createMessageBatch({ abortSignal }));
        if (!batch.tryAddMessage(outgoing)) {
          throw new QueueSendError(`Message ${message.messageId} is larger than ${queueName} accepts (${batch.maxSizeInBytes} bytes).`, { queueName, sentCount });
        }
      }
      if (batch.count > 0) {
        const last = batch;
        await bounded((abortSignal) => sender.sendMessages(last, { abortSignal }));
      }
    } catch (error) {
      if (error instanceof QueueSendError) throw error;
      // The client is stuck (every link opened on its connection waits behind the call that did
      // not end): the next send starts over on a new one.
      if (error instanceof SendTimeoutError) this.#discardClient();
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

  #discardClient(): void {
    const client = this.#client;
    this.#client = undefined;
    this.#senders.clear();
    // Sends still in flight on it fail, and their invocations are delivered again.
    client?.close().catch(() => undefined);
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
