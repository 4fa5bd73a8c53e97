/** How one delivery of a chaos run ended, as its consumer reported it (or the parent saw it die). */
export type ChaosDeliveryEnd =
  /** The handler returned and the broker confirmed the completion. */
  | "completed"
  /** The handler returned but the completion was not confirmed: the message may come again. */
  | "completionLost"
  /** The handler threw and the message was abandoned. */
  | "abandoned"
  /** The handler threw and the abandon was not confirmed either. */
  | "abandonFailed"
  /** Its consumer was killed before it ended. */
  | "killed";

/** One delivery of one message to one consumer, with what its handler did outside the message. */
export interface ChaosDelivery {
  readonly consumer: number;
  readonly messageId: string;
  readonly deliveryCount: number;
  /** Reprocess calls its handler made, by client-request-id, and whether each call saw Graph's 202. */
  readonly calls: { readonly clientRequestId: string; readonly succeeded: boolean }[];
  /** Copies its handler sent, and whether the SDK said the send worked. */
  readonly sends: { readonly queue: string; readonly sentIds: readonly string[]; readonly ok: boolean }[];
  end: ChaosDeliveryEnd | undefined;
}

/**
 * Why Graph carried out a reprocess more than once for one assignment. Each is a way at-least-once
 * delivery repeats work whose outcome the app could not observe; each occurrence allows one repeat.
 */
export type DuplicateCause =
  /** Graph accepted a call whose answer the client never saw (it timed out, the connection reset, the process died). */
  | "answeredToNobody"
  /** A send the SDK reported failed had been stored: the handler threw, the redelivery and the copy both ran. */
  | "sendOutcomeLost"
  /** Graph's 202 or a stored retry copy was behind a delivery whose completion the broker did not confirm. */
  | "completionLost"
  /** Graph's 202 or a stored retry copy was behind a delivery in flight in the killed consumer. */
  | "killedInFlight"
  /** Graph's 202 was followed by a verify send that failed: the handler threw, and the redelivery reprocessed again. */
  | "verifySendFailed";

export const duplicateCauses: readonly DuplicateCause[] = ["answeredToNobody", "sendOutcomeLost", "completionLost", "killedInFlight", "verifySendFailed"];

export interface DuplicateAccountingInput {
  /** The assignment a message family (a root message id and its copies) reprocesses, if any. */
  readonly assignmentOf: (messageId: string) => string | undefined;
  /** Every reprocess Graph carried out (answered 202), with the client-request-id it came with. */
  readonly accepted: readonly { readonly assignmentId: string; readonly clientRequestId: string | undefined }[];
  readonly deliveries: readonly ChaosDelivery[];
  readonly workQueue: string;
  /** Ids the work queue stored (duplicate detection drops any later send of the same id). */
  readonly storedWorkIds: ReadonlySet<string>;
  /** The retry copy id a delivery of `messageId` sends for its next attempt. */
  readonly nextAttemptId: (messageId: string) => string;
}

export interface DuplicateAccounting {
  /** Extra reprocesses Graph carried out, beyond one per assignment. */
  readonly reprocessedTwice: number;
  /** Each extra reprocess attributed to one cause available for its assignment. */
  readonly byCause: Readonly<Record<DuplicateCause, number>>;
  /** Assignments with more extra reprocesses than causes: a message handled again after its work was confirmed done. */
  readonly unexplained: readonly string[];
}

/**
 * Matches every repeated reprocess with an at-least-once cause recorded in the run. A repeat needs
 * a branch: a 202 nobody saw, or a delivery that had an effect (Graph's 202, a stored retry copy)
 * and then did not end with a confirmed completion — the message comes back and does its work
 * again. A confirmed completion ends a message; anything repeated beyond these causes is a bug.
 */
export function accountDuplicates(input: DuplicateAccountingInput): DuplicateAccounting {
  const { assignmentOf, deliveries, workQueue, storedWorkIds, nextAttemptId } = input;
  const causes = new Map<string, Record<DuplicateCause, number>>();
  const causesOf = (assignmentId: string): Record<DuplicateCause, number> => {
    let entry = causes.get(assignmentId);
    if (entry === undefined) {
      entry = { answeredToNobody: 0, sendOutcomeLost: 0, completionLost: 0, killedInFlight: 0, verifySendFailed: 0 };
      causes.set(assignmentId, entry);
    }
    return entry;
  };

  const succeededCalls = new Set(deliveries.flatMap((delivery) => delivery.calls.filter((call) => call.succeeded).map((call) => call.clientRequestId)));
  const acceptedCount = new Map<string, number>();
  const acceptedByCall = new Map<string, number>();
  for (const { assignmentId, clientRequestId } of input.accepted) {
    acceptedCount.set(assignmentId, (acceptedCount.get(assignmentId) ?? 0) + 1);
    if (clientRequestId === undefined) {
      causesOf(assignmentId).answeredToNobody += 1;
      continue;
    }
    // All of a call's 202s but the one its client saw: an attempt that timed out was carried out.
    const seenBefore = acceptedByCall.get(clientRequestId) ?? 0;
    acceptedByCall.set(clientRequestId, seenBefore + 1);
    if (seenBefore > 0 || !succeededCalls.has(clientRequestId)) causesOf(assignmentId).answeredToNobody += 1;
  }

  // Copy ids some delivery reported sending, by outcome: a copy stored with no report at all was
  // sent by a delivery whose consumer died before it could tell.
  const reportedSends = new Map<string, { ok: boolean; failed: boolean }>();
  for (const delivery of deliveries) {
    for (const send of delivery.sends) {
      if (send.queue !== workQueue) continue;
      for (const id of send.sentIds) {
        const seen = reportedSends.get(id) ?? { ok: false, failed: false };
        reportedSends.set(id, { ok: seen.ok || send.ok, failed: seen.failed || !send.ok });
      }
    }
  }
  for (const [id, reported] of reportedSends) {
    const assignmentId = assignmentOf(id);
    if (assignmentId !== undefined && reported.failed && storedWorkIds.has(id)) causesOf(assignmentId).sendOutcomeLost += 1;
  }

  for (const delivery of deliveries) {
    const assignmentId = assignmentOf(delivery.messageId);
    if (assignmentId === undefined || (delivery.end !== "abandoned" && delivery.end !== "abandonFailed")) continue;
    if (delivery.calls.some((call) => call.succeeded) && delivery.sends.some((send) => send.queue === workQueue && !send.ok)) causesOf(assignmentId).verifySendFailed += 1;
  }

  for (const delivery of deliveries) {
    if (delivery.end !== "completionLost" && delivery.end !== "killed") continue;
    const assignmentId = assignmentOf(delivery.messageId);
    if (assignmentId === undefined) continue;
    const sawAccepted = delivery.calls.some((call) => call.succeeded);
    const sentCopy = delivery.sends.some((send) => send.queue === workQueue && send.ok);
    const copyId = nextAttemptId(delivery.messageId);
    const sentUnreported = delivery.end === "killed" && storedWorkIds.has(copyId) && !reportedSends.has(copyId);
    if (sawAccepted || sentCopy || sentUnreported) causesOf(assignmentId)[delivery.end === "killed" ? "killedInFlight" : "completionLost"] += 1;
  }

  const byCause: Record<DuplicateCause, number> = { answeredToNobody: 0, sendOutcomeLost: 0, completionLost: 0, killedInFlight: 0, verifySendFailed: 0 };
  const unexplained: string[] = [];
  let reprocessedTwice = 0;
  for (const [assignmentId, count] of acceptedCount) {
    let extra = count - 1;
    if (extra <= 0) continue;
    reprocessedTwice += extra;
    const available = causesOf(assignmentId);
    for (const cause of duplicateCauses) {
      const used = Math.min(extra, available[cause]);
      byCause[cause] += used;
      extra -= used;
    }
    if (extra > 0) unexplained.push(assignmentId);
  }
  return { reprocessedTwice, byCause, unexplained };
}
