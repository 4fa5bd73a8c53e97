import { app, type ServiceBusQueueHandler } from "@azure/functions";
import { serviceBusConnectionSetting } from "../config/serviceBusConnection";
import type { QueueMessageProcessor } from "../core/queueMessageProcessor";
import { QueueNotConfiguredError } from "../queue/queueNotConfiguredError";
import { withDeadline } from "../shared/withDeadline";
import { receivedQueueMessage } from "../queue/receivedQueueMessage";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";

/** Resolved by the host from the app setting of that name, which must therefore be set. */
export const reprocessQueueNameExpression = "%REPROCESS_QUEUE_NAME%";

/**
 * Inside host.json's functionTimeout (5 min) and maxAutoLockRenewalDuration (5 min), and above
 * the worst case of three Graph calls each spending its whole inline retry budget: the handler
 * gives up, and the broker redelivers, before the host would kill it.
 */
const queueDeadlineMs = 240_000;

export interface ReprocessQueueDependencies {
  /** Undefined when Service Bus is not configured: every message then comes back to the broker. */
  readonly queueProcessor: Pick<QueueMessageProcessor, "process"> | undefined;
}

/** The Service Bus trigger: hands each message to the queue processor; a throw means "deliver again". */
export function createReprocessQueueHandler(dependencies: ReprocessQueueDependencies): ServiceBusQueueHandler {
  const { queueProcessor } = dependencies;
  return async (message, context) => {
    const received = receivedQueueMessage(message, context.triggerMetadata);
    const ids = { messageId: received.messageId, deliveryCount: received.deliveryCount, attempt: received.properties.attempt, requestId: received.properties.requestId };
    if (queueProcessor === undefined) {
      throw new QueueNotConfiguredError();
    }
    try {
      const processed = await withDeadline(queueDeadlineMs, ({ abortSignal }) => queueProcessor.process(received, { abortSignal }));
      const { settlement } = processed;
      context.info(`queue message ${settlement.action === "complete" ? "completed" : settlement.action === "schedule" ? "rescheduled" : "parked"}`, {
        ...ids,
        type: processed.type,
        outcome: processed.outcome,
        verification: processed.verification,
        enqueued: processed.enqueued,
        skipped: processed.skipped,
        sentMessageId: processed.sentMessageId,
        ...(settlement.action === "park" ? { reason: settlement.reason } : {}),
        ...(settlement.action === "schedule" ? { nextAttempt: settlement.attempt, delayMs: settlement.delayMs } : {}),
      });
    } catch (error) {
      context.error("queue message not settled; the broker will deliver it again", { ...ids, error: error instanceof Error ? `${error.name}: ${error.message}` : "unknown" });
      throw error;
    }
  };
}

export function registerReprocessQueue(dependencies: ReprocessQueueDependencies): void {
  app.serviceBusQueue("reprocessQueue", {
    connection: serviceBusConnectionSetting,
    queueName: reprocessQueueNameExpression,
    handler: withInvocationTraceContext(createReprocessQueueHandler(dependencies)),
  });
}
