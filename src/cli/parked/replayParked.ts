import type { ServiceBusReceivedMessage, ServiceBusReceiver } from "@azure/service-bus";
import type { ParkedMessage } from "../../queue/parkedMessage";
import type { QueueSender } from "../../queue/queueSender";
import { replayMessage } from "../../queue/replayMessage";
import { parkedFromReceived } from "./parkedSelection";

export type ReplayOutcome =
  /** Sent to the work queue and removed from the parked queue. */
  | "replayed"
  /** Dry run. */
  | "wouldReplay"
  /** Still parked: the send failed or the run stopped first. */
  | "notMoved"
  /** Sent, but the parked message could not be removed (lock lost); the next replay sends the same id, which duplicate detection drops. */
  | "sentNotRemoved"
  /** Listed, but not received again: someone else took or holds it. */
  | "gone"
  | "cancelled";

export interface ReplayResult {
  readonly sequenceNumber: number;
  readonly parkedMessageId: string;
  readonly replayMessageId: string;
  readonly reason: string | undefined;
  readonly assignmentId: string | undefined;
  readonly outcome: ReplayOutcome;
  readonly detail: string;
}

export interface ReplayParkedOptions {
  readonly sender: QueueSender;
  readonly workQueueName: string;
  /** How long to wait for a listed message to be delivered before calling it gone. */
  readonly receiveWaitMs: number;
  readonly abortSignal: AbortSignal;
}

// Few at a time: a received message's lock runs while the ones before it are replayed.
const receiveBatchSize = 20;

function resultOf(parked: ParkedMessage, outcome: ReplayOutcome, detail: string): ReplayResult {
  return {
    sequenceNumber: parked.sequenceNumber,
    parkedMessageId: parked.messageId,
    replayMessageId: replayMessage(parked).messageId,
    reason: parked.reason,
    assignmentId: parked.assignmentId,
    outcome,
    detail,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a dry run reports: the listed messages and the ids their copies would get. */
export function plannedReplay(selected: readonly ParkedMessage[]): ReplayResult[] {
  return selected.map((parked) => resultOf(parked, "wouldReplay", "would send the copy to the work queue and remove the parked message"));
}

/**
 * Moves the listed parked messages (found by peeking, so the choice never locks or counts a
 * delivery against anything) back to the work queue. Service Bus cannot receive a chosen message,
 * so messages are received in order in peekLock; a listed one is sent as a fresh copy and only then
 * completed, so an interruption at any point leaves it parked or already copied under an id the
 * next run repeats. Messages not listed are held locked, so none is received twice in one run, and
 * abandoned at the end; each such pass costs them one delivery (the parked queue dead-letters
 * at 10), and the run stops receiving as soon as every listed message is handled.
 */
export async function replayParked(receiver: ServiceBusReceiver, selected: readonly ParkedMessage[], options: ReplayParkedOptions): Promise<ReplayResult[]> {
  const pending = new Map(selected.map((parked) => [parked.sequenceNumber, parked]));
  const results = new Map<number, ReplayResult>();
  const held: ServiceBusReceivedMessage[] = [];
  let stopped: string | undefined;
  // A function, not the property: Ctrl+C flips it while this loop awaits.
  const aborted = (): boolean => options.abortSignal.aborted;
  try {
    while (pending.size > 0 && stopped === undefined && !aborted()) {
      let batch: ServiceBusReceivedMessage[];
      try {
        batch = await receiver.receiveMessages(Math.min(pending.size, receiveBatchSize), { maxWaitTimeInMs: options.receiveWaitMs, abortSignal: options.abortSignal });
      } catch (error) {
        stopped = `receiving from the parked queue failed: ${describe(error)}`;
        break;
      }
      if (batch.length === 0) break;
      for (const message of batch) {
        const sequenceNumber = message.sequenceNumber?.toNumber();
        const listed = sequenceNumber === undefined ? undefined : pending.get(sequenceNumber);
        if (sequenceNumber === undefined || listed === undefined || stopped !== undefined || aborted()) {
          held.push(message);
          continue;
        }
        pending.delete(sequenceNumber);
        // The received copy, not the peeked one: it is what gets removed, so it is what gets sent.
        const parked = parkedFromReceived(message);
        try {
          await options.sender.send(options.workQueueName, [replayMessage(parked)], { abortSignal: options.abortSignal });
        } catch (error) {
          held.push(message);
          stopped = `sending to ${options.workQueueName} failed: ${describe(error)}`;
          results.set(sequenceNumber, resultOf(parked, aborted() ? "cancelled" : "notMoved", `still parked; ${stopped}`));
          continue;
        }
        try {
          // The SDK's settlement calls take no AbortSignal; completing is what Ctrl+C should let finish anyway.
          await receiver.completeMessage(message);
          results.set(sequenceNumber, resultOf(parked, "replayed", `sent to ${options.workQueueName} as attempt 1`));
        } catch (error) {
          results.set(sequenceNumber, resultOf(parked, "sentNotRemoved", `sent, but still parked (${describe(error)}); replaying it again sends the same message id, which duplicate detection drops`));
        }
      }
    }
  } finally {
    // Settled one at a time, never with Promise.all: rhea 3.0.5 (under @azure/service-bus 7.9.5) can
    // send a settlement with the previous one's outcome when two go out in one turn of the event
    // loop (pinned by test/scripts/localHost/settleOneAtATime.test.ts).
    for (const message of held) {
      // A lock already lost releases the message just the same.
      await receiver.abandonMessage(message).catch(() => undefined);
    }
  }
  return selected.map(
    (parked) =>
      results.get(parked.sequenceNumber) ??
      (aborted()
        ? resultOf(parked, "cancelled", "interrupted before it was moved; still parked")
        : stopped !== undefined
          ? resultOf(parked, "notMoved", `still parked; ${stopped}`)
          : resultOf(parked, "gone", "listed but not delivered to this run: another receiver took it or holds its lock")),
  );
}
