import type { ServiceBusReceivedMessage, ServiceBusReceiver } from "@azure/service-bus";
import { readParkedMessage, type ParkedMessage } from "../../queue/parkedMessage";
import { parkReasons } from "../../queue/parkReason";
import { commonOptions } from "../commandArgs";

/** Flags both `parked list` and `parked replay` take. */
export const parkedOptions = {
  ...commonOptions,
  reason: { type: "string" },
  max: { type: "string" },
} as const;

export const parkedOptionsHelp = `  --reason <reason>     Only messages parked for this reason (any case): ${parkReasons.slice(0, 4).join(", ")},
                        ${parkReasons.slice(4, 8).join(", ")},
                        ${parkReasons.slice(8).join(", ")}.
  --max <n>             At most n messages (1-100000, default 1000), oldest first.`;

export const defaultParkedMax = 1000;
export const maxParkedMax = 100_000;

/** The SDK's view of a peeked or received message, read as a parked one. */
export function parkedFromReceived(message: ServiceBusReceivedMessage): ParkedMessage {
  const { messageId } = message;
  return readParkedMessage({
    messageId: messageId === undefined ? undefined : Buffer.isBuffer(messageId) ? messageId.toString("utf8") : String(messageId),
    sequenceNumber: message.sequenceNumber?.toNumber() ?? 0,
    enqueuedTimeUtc: message.enqueuedTimeUtc,
    body: message.body,
    contentType: message.contentType,
    applicationProperties: message.applicationProperties ?? {},
  });
}

export interface PeekParkedOptions {
  /** Only messages parked for this reason (compared without case); undefined for all. */
  readonly reason: string | undefined;
  /** Stop after this many matching messages. */
  readonly max: number;
  readonly abortSignal: AbortSignal;
}

export interface PeekedParked {
  readonly selected: readonly ParkedMessage[];
  /** True when matching messages were left out because of `max`. */
  readonly more: boolean;
}

// The largest page Service Bus returns to one peek is about this; smaller pages only cost round trips.
const peekPageSize = 250;

/**
 * Reads the parked queue from the start without locking or changing anything (peek), keeping
 * the messages that match, in sequence order. Each call on a receiver continues after the last
 * message that receiver peeked, so one receiver per listing.
 */
export async function peekParked(receiver: ServiceBusReceiver, options: PeekParkedOptions): Promise<PeekedParked> {
  const reason = options.reason?.toLowerCase();
  const selected: ParkedMessage[] = [];
  for (;;) {
    const page = await receiver.peekMessages(peekPageSize, { abortSignal: options.abortSignal });
    if (page.length === 0) return { selected, more: false };
    for (const message of page) {
      const parked = parkedFromReceived(message);
      if (reason !== undefined && parked.reason?.toLowerCase() !== reason) continue;
      if (selected.length === options.max) return { selected, more: true };
      selected.push(parked);
    }
  }
}
