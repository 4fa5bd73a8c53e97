import type { InvocationContext } from "@azure/functions";
import type { VerificationConfig } from "../config/verificationConfig";
import type { OutcomeSource, Telemetry } from "../core/telemetry";
import { verifyMessageId } from "../queue/messageIds";
import type { VerifyTarget } from "../queue/queueMessage";
import type { QueueSender } from "../queue/queueSender";
import { verifyMessage } from "../queue/verifyMessages";
import { withDeadline } from "../shared/withDeadline";

/** What the webhooks need to follow their 202 with a verify; absent without Service Bus or with REPROCESS_VERIFY_AFTER_MS=0. */
export interface WebhookVerification {
  readonly sender: QueueSender;
  readonly queueName: string;
  readonly config: VerificationConfig;
  readonly now?: () => number;
}

/** The 202 has been earned already: the verify gets a short time to be sent, not the request's whole budget. */
const verifySendDeadlineMs = 10_000;

export interface WebhookVerifyOptions {
  readonly target: VerifyTarget;
  readonly id: string;
  /** Our client-request-id of the accepted call: unique per call, so it names this reprocess's verify. */
  readonly clientRequestId: string;
  readonly telemetry: Telemetry;
  readonly context: InvocationContext;
}

/**
 * Sends the verify that follows a webhook's 202 and returns its message id, or undefined when it
 * could not be sent. A failure never turns the 202 into an error: Graph did accept the reprocess,
 * and an error would make the caller reprocess again. It is logged and counted (`verifyNotSent`),
 * and the caller can still poll `GET /api/assignments/{id}`.
 */
export async function sendWebhookVerify(verification: WebhookVerification, options: WebhookVerifyOptions): Promise<string | undefined> {
  const { target, id, clientRequestId, telemetry, context } = options;
  const source: OutcomeSource = "http";
  const nowMs = (verification.now ?? Date.now)();
  const message = verifyMessage(target, id, {
    messageId: verifyMessageId(`http:${clientRequestId}`),
    requestId: clientRequestId,
    reprocessedAtMs: nowMs,
    check: 1,
    scheduledEnqueueTimeUtc: new Date(nowMs + verification.config.afterMs),
    origin: source,
  });
  const subject = target === "assignment" ? { assignmentId: id } : { assignmentRequestId: id };
  try {
    await withDeadline(verifySendDeadlineMs, ({ abortSignal }) => verification.sender.send(verification.queueName, [message], { abortSignal }));
  } catch (error) {
    context.warn("reprocess accepted, but its verify could not be enqueued; poll the item's GET route instead", {
      ...subject,
      messageId: message.messageId,
      error: error instanceof Error ? `${error.name}: ${error.message}` : "unknown",
    });
    telemetry.trackQueueAction({ action: "verifyNotSent", source, messageId: message.messageId, ...subject, attempt: 1 });
    return undefined;
  }
  telemetry.trackQueueAction({ action: "enqueued", source, messageId: message.messageId, ...subject, attempt: 1, count: 1, delayMs: verification.config.afterMs });
  return message.messageId;
}
