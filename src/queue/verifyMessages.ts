import { messagePropertyNames } from "./messageProperties";
import type { VerifyMessage, VerifyTarget } from "./queueMessage";
import type { ApplicationPropertyValue, OutgoingQueueMessage } from "./queueSender";

export interface VerifyMessageOptions {
  /** `verifyMessageId` of the message that got the 202, or `verifyCheckMessageId` for a later read. */
  readonly messageId: string;
  readonly requestId: string;
  /** When Graph accepted the reprocess; carried unchanged through every read and retry. */
  readonly reprocessedAtMs: number;
  /** Which read this is, from 1. */
  readonly check: number;
  readonly scheduledEnqueueTimeUtc: Date;
  /** The reprocess's own origin (`expand`, `heal`), so verification events say where the work came from. */
  readonly origin?: string | undefined;
}

/** A first-attempt verify of one item, scheduled for when its state is worth reading. */
export function verifyMessage(target: VerifyTarget, id: string, options: VerifyMessageOptions): OutgoingQueueMessage {
  const properties: Record<string, ApplicationPropertyValue> = {
    [messagePropertyNames.attempt]: 1,
    [messagePropertyNames.requestId]: options.requestId,
    [messagePropertyNames.verifyCheck]: options.check,
    [messagePropertyNames.reprocessedAt]: new Date(options.reprocessedAtMs).toISOString(),
  };
  if (options.origin !== undefined) properties[messagePropertyNames.origin] = options.origin;
  return {
    messageId: options.messageId,
    body: { type: "verify", target, id } satisfies VerifyMessage,
    applicationProperties: properties,
    scheduledEnqueueTimeUtc: options.scheduledEnqueueTimeUtc,
  };
}
