import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { ManagedIdentityCredential } from "@azure/identity";
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { AssignmentReprocessor } from "../../../src/core/assignmentReprocessor";
import { createReprocessQueueHandler } from "../../../src/functions/reprocessQueue";
import { GraphClient } from "../../../src/graph/graphClient";
import { QueueMessageProcessor } from "../../../src/core/queueMessageProcessor";
import { createServiceBusClient, worstCaseOperationMs } from "../../../src/serviceBus/createServiceBusClient";
import type { OutgoingQueueMessage, QueueSender, QueueSendOptions } from "../../../src/queue/queueSender";
import { ServiceBusQueueSender } from "../../../src/serviceBus/serviceBusQueueSender";
import type { VerificationEvent } from "../../../src/core/telemetry";
import { acceleratedClock, chaosVerification, type ChaosConsumerEvent, type ChaosConsumerSettings, type DeliveryRef } from "./chaosConsumerProtocol";
import { createInvocationContext } from "../host/functionInvocation";
import { RecordingTelemetry } from "../recordingTelemetry";
import { SettleOneAtATime } from "../../../scripts/localHost/serviceBus/settleOneAtATime";

// A queue consumer in its own process, as a Functions host instance is: the real
// @azure/service-bus receiver in peekLock mode hands each message to the production queue trigger
// handler, completes it when the handler returns and abandons it when it throws (host.json's
// autoCompleteMessages). The parent kills it with SIGKILL to see what a crash loses.

function setting(name: keyof ChaosConsumerSettings): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`chaos consumer: ${name} is not set`);
  return value;
}

function tell(event: ChaosConsumerEvent): void {
  process.send?.(event);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// Which delivery the code running now works for: Graph calls and sends are reported against it.
const currentDelivery = new AsyncLocalStorage<DeliveryRef>();

/** The production sender, telling the parent what each send was for and whether the SDK said it worked. */
class ReportingSender implements QueueSender {
  constructor(private readonly inner: QueueSender) {}

  async send(queue: string, messages: readonly OutgoingQueueMessage[], options: QueueSendOptions): Promise<void> {
    const delivery = currentDelivery.getStore();
    const report = (ok: boolean): void => {
      if (delivery !== undefined) tell({ kind: "sendEnded", ...delivery, queue, sentIds: messages.map((message) => message.messageId), ok });
    };
    try {
      await this.inner.send(queue, messages, options);
    } catch (error) {
      report(false);
      throw error;
    }
    report(true);
  }
}

/** The app's telemetry, telling the parent how each verification ended. */
class ReportingTelemetry extends RecordingTelemetry {
  override trackVerification(event: VerificationEvent): void {
    if (event.assignmentId !== undefined) tell({ kind: "verified", assignmentId: event.assignmentId, outcome: event.outcome, attempts: event.attempts });
  }
}

const now = acceleratedClock(Number(setting("CHAOS_CLOCK_ORIGIN")), Number(setting("CHAOS_CLOCK_SPEED")));
const connectionString = setting("CHAOS_SERVICE_BUS");
const queueName = setting("CHAOS_QUEUE");

const graph = new GraphClient({
  baseUrl: setting("CHAOS_GRAPH_BASE_URL"),
  scope: "https://graph.microsoft.com/.default",
  // A fresh client id per process: MSAL's token cache is per process anyway, this keeps it explicit.
  credential: new ManagedIdentityCredential({ clientId: randomUUID() }),
  // One inline retry within a short budget: most faults must go through the queue's own retry path.
  inlineRetryBudgetMs: 500,
  maxInlineRetries: 1,
  requestTimeoutMs: 1_000,
  backoff: { baseDelayMs: 20, maxDelayMs: 100 },
  // The parent matches these against the 202s Graph sent: a 202 the client did not see (its call
  // failed, or never ended because the process died) is work the retry will repeat.
  onCallCompleted: (record) => {
    if (record.errorCode === "tokenUnavailable") tell({ kind: "tokenUnavailable" });
    if (record.operation === "reprocessAssignment") {
      tell({ kind: "reprocessCallEnded", clientRequestId: record.ids.clientRequestId, succeeded: record.succeeded, delivery: currentDelivery.getStore() });
    }
  },
});
const endpoint = new URL(connectionString.split(";")[0]?.replace(/^Endpoint=sb:/, "http:") ?? "http://127.0.0.1").host;
// A failed send must throw now, so the redelivery path runs, not hide behind the SDK's retries.
const senderRetryOptions = { maxRetries: 0, timeoutInMs: 3_000 };
const sender = new ReportingSender(
  new ServiceBusQueueSender(
    () => createServiceBusClient({ kind: "connectionString", connectionString, endpoint }, { getToken: () => Promise.resolve(null) }, { retryOptions: senderRetryOptions }),
    { operationTimeoutMs: worstCaseOperationMs(senderRetryOptions) },
  ),
);
const processor = new QueueMessageProcessor({
  reprocessor: new AssignmentReprocessor(graph, { checkStateFirst: true }),
  graph,
  sender,
  telemetry: new ReportingTelemetry(),
  cloud: "Global",
  queue: { queueName, parkedQueueName: setting("CHAOS_PARKED_QUEUE"), maxAttempts: 10, retryBackoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 }, verification: chaosVerification },
  now,
});
const handler = createReprocessQueueHandler({ queueProcessor: processor });

// The trigger's receiver is the host's, on a connection of its own: a fault cutting the app's
// sender connection must not take the receiver's locks with it, as in production.
const receiverClient = new ServiceBusClient(connectionString, { retryOptions: { maxRetries: 5, retryDelayInMs: 100, timeoutInMs: 5_000 } });
const receiver = receiverClient.createReceiver(queueName, { receiveMode: "peekLock", maxAutoLockRenewalDurationInMs: 300_000 });
// Concurrent handlers settle concurrently; rhea would give one settlement another's outcome.
const settlements = new SettleOneAtATime(receiver);

async function handle(message: ServiceBusReceivedMessage): Promise<void> {
  const messageId = String(message.messageId);
  // The SDK shows earlier deliveries only; the host (and Service Bus) count this one too.
  const deliveryCount = (message.deliveryCount ?? 0) + 1;
  const delivery: DeliveryRef = { messageId, deliveryCount };
  tell({ kind: "locked", ...delivery, lockedUntilMs: message.lockedUntilUtc?.getTime() ?? 0 });
  const { context } = createInvocationContext({
    functionName: "reprocessQueue",
    triggerMetadata: {
      messageId,
      deliveryCount,
      enqueuedTimeUtc: message.enqueuedTimeUtc?.toISOString(),
      sequenceNumber: message.sequenceNumber?.toNumber(),
      contentType: message.contentType,
      applicationProperties: message.applicationProperties ?? {},
    },
  });
  try {
    await currentDelivery.run(delivery, () => handler(message.body, context));
  } catch (error) {
    tell({ kind: "abandoned", ...delivery, error: describe(error) });
    await settlements.abandon(message).catch((abandonError: unknown) => {
      tell({ kind: "abandonFailed", ...delivery, error: describe(abandonError) });
    });
    return;
  }
  try {
    await settlements.complete(message);
    tell({ kind: "completed", ...delivery });
  } catch (error) {
    tell({ kind: "completionLost", ...delivery, error: describe(error) });
  }
}

receiver.subscribe(
  { processMessage: handle, processError: () => Promise.resolve() },
  { autoCompleteMessages: false, maxConcurrentCalls: Number(setting("CHAOS_MAX_CONCURRENT_CALLS")) },
);
tell({ kind: "ready" });
