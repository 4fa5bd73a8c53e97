import { randomUUID } from "node:crypto";
import type { Message } from "rhea";
import type { IncomingMessage, PeerMessage } from "./peerMessage";

export interface PeerQueueSettings {
  duplicateDetection: boolean;
  duplicateDetectionWindowMs: number;
  lockDurationMs: number;
  maxDeliveryCount: number;
  releaseLocksOnDetach: boolean;
  recordHistory: boolean;
}

/** A message handed to a receiver: what the AMQP side needs to put it on the wire. */
export interface Delivered {
  amqp: Message;
  sequenceNumber: number;
  enqueuedTimeUtc: Date;
  /** Deliveries before this one: the AMQP header's delivery-count. */
  priorDeliveries: number;
  lock: { token: string; lockedUntilUtc: Date } | undefined;
  state: PeerMessage["state"];
}

export type SettleResult = "settled" | "lockLost";

interface Entry {
  readonly incoming: IncomingMessage;
  readonly sequenceNumber: number;
  readonly enqueuedTimeMs: number;
  readonly scheduledTimeMs: number | undefined;
  deliveryCount: number;
  deferred: boolean;
  lock: { token: string; expiresAtWallMs: number; owner: object } | undefined;
}

/**
 * One queue's broker semantics, apart from links and frames. Two clocks: `now` (injectable) is
 * business time for scheduling, enqueued times and the duplicate-detection window; locks use wall
 * time because the SDK schedules lock renewal from Date.now(), so an expiry on a faked clock would
 * have it renew at the wrong moment.
 */
export class PeerQueue {
  readonly #entries: Entry[] = [];
  readonly #seenIds = new Map<string, { sequenceNumber: number; atMs: number }>();
  #nextSequenceNumber = 1;
  #duplicatesDropped = 0;
  // Every lock and settlement, by message id: what a test prints when a message goes missing. Kept
  // only when asked for, because it grows with every message ever sent: a test measuring the heap
  // of the process the peer shares would otherwise count the peer's bookkeeping as the app's.
  readonly #history = new Map<string, string[]>();
  readonly #tokens = new Map<string, string>();

  constructor(
    readonly name: string,
    private readonly settings: PeerQueueSettings,
    private readonly now: () => number,
  ) {}

  /** Every message id stored within the duplicate-detection window, whether still queued or long settled; none when detection is off. */
  storedMessageIds(): string[] {
    return [...this.#seenIds.keys()];
  }

  get duplicatesDropped(): number {
    return this.#duplicatesDropped;
  }

  /** What the queue did with a message id: stored, locked, settled (and how), lock lapses, removal. */
  history(messageId: string): readonly string[] {
    return this.#history.get(messageId) ?? [];
  }

  /** Adds a line to the history of the message a lock token was issued for. */
  note(token: string, event: string): void {
    const messageId = this.#tokens.get(token);
    if (messageId !== undefined) this.#record(messageId, event);
  }

  /** Stores a message unless it is a duplicate; a duplicate gets the original's sequence number. */
  add(incoming: IncomingMessage): { sequenceNumber: number; duplicate: boolean; message: PeerMessage | undefined } {
    const nowMs = this.now();
    const original = this.#findDuplicate(incoming.messageId, nowMs);
    if (original !== undefined) {
      this.#duplicatesDropped += 1;
      this.#record(incoming.messageId, `duplicate of seq ${original} dropped`);
      return { sequenceNumber: original, duplicate: true, message: undefined };
    }
    const scheduledTimeMs = incoming.scheduledEnqueueTimeUtc?.getTime();
    const entry: Entry = {
      incoming,
      sequenceNumber: this.#nextSequenceNumber++,
      enqueuedTimeMs: Math.max(nowMs, scheduledTimeMs ?? nowMs),
      scheduledTimeMs,
      deliveryCount: 0,
      deferred: false,
      lock: undefined,
    };
    if (incoming.messageId !== undefined && this.settings.duplicateDetection) this.#remember(incoming.messageId, entry.sequenceNumber, nowMs);
    this.#entries.push(entry);
    if (incoming.messageId !== undefined) this.#record(incoming.messageId, `stored seq ${entry.sequenceNumber}${scheduledTimeMs === undefined ? "" : " scheduled"}`);
    return { sequenceNumber: entry.sequenceNumber, duplicate: false, message: this.#snapshot(entry, nowMs) };
  }

  /** Cancelling an unknown or already enqueued sequence number is not an error in Service Bus. */
  cancelScheduled(sequenceNumber: number): void {
    const index = this.#entries.findIndex(
      (entry) => entry.sequenceNumber === sequenceNumber && this.#isScheduled(entry, this.now()),
    );
    const entry = this.#entries[index];
    if (entry !== undefined) {
      this.#entries.splice(index, 1);
      this.#record(entry.incoming.messageId, "scheduled message cancelled");
    }
  }

  snapshot(): PeerMessage[] {
    const nowMs = this.now();
    return this.#entries.map((entry) => this.#snapshot(entry, nowMs));
  }

  /** Removes and returns what a receiver could get now, as the Functions host would deliver it. */
  takeDue(nowMs: number): PeerMessage[] {
    const due = this.#entries.filter((entry) => this.#isAvailable(entry, nowMs));
    for (const entry of due) {
      this.#remove(entry);
      this.#record(entry.incoming.messageId, "taken (takeDue)");
    }
    return due.map((entry) => ({ ...this.#snapshot(entry, nowMs), deliveryCount: entry.deliveryCount + 1 }));
  }

  /** peekLock: locks the next available message for `owner` (the link it goes out on). */
  lockNext(owner: object, ownerName = "?"): Delivered | undefined {
    const entry = this.#entries.find((candidate) => this.#isAvailable(candidate, this.now()));
    if (entry === undefined) return undefined;
    if (entry.lock !== undefined) this.#record(entry.incoming.messageId, `lock ${entry.lock.token.slice(0, 8)} lapsed`);
    const expiresAtWallMs = Date.now() + this.settings.lockDurationMs;
    entry.lock = { token: randomUUID(), expiresAtWallMs, owner };
    entry.deliveryCount += 1;
    if (entry.incoming.messageId !== undefined && this.settings.recordHistory) this.#tokens.set(entry.lock.token, entry.incoming.messageId);
    this.#record(entry.incoming.messageId, `locked ${entry.lock.token.slice(0, 8)} delivery ${entry.deliveryCount} to ${ownerName}`);
    return this.#delivered(entry, entry.deliveryCount - 1);
  }

  /** receiveAndDelete: the message is gone the moment it is handed out. */
  takeNext(): Delivered | undefined {
    const entry = this.#entries.find((candidate) => this.#isAvailable(candidate, this.now()));
    if (entry === undefined) return undefined;
    this.#remove(entry);
    entry.deliveryCount += 1;
    this.#record(entry.incoming.messageId, "taken (receiveAndDelete)");
    return this.#delivered(entry, entry.deliveryCount - 1);
  }

  complete(token: string, via = "?"): SettleResult {
    const entry = this.#lockedBy(token);
    if (entry === undefined) return this.#lockLost(token, `complete via ${via}`);
    this.#remove(entry);
    this.#record(entry.incoming.messageId, `completed ${token.slice(0, 8)} via ${via}`);
    return "settled";
  }

  /**
   * Unlocks the message. Past maxDeliveryCount it is returned for dead-lettering, as Service Bus
   * does on the abandon that exhausts the count.
   */
  abandon(token: string, via = "?"): { result: SettleResult; exhausted: IncomingMessage | undefined } {
    const entry = this.#lockedBy(token);
    if (entry === undefined) return { result: this.#lockLost(token, `abandon via ${via}`), exhausted: undefined };
    entry.lock = undefined;
    if (entry.deliveryCount < this.settings.maxDeliveryCount) {
      this.#record(entry.incoming.messageId, `abandoned ${token.slice(0, 8)} via ${via}`);
      return { result: "settled", exhausted: undefined };
    }
    this.#remove(entry);
    this.#record(entry.incoming.messageId, `abandoned ${token.slice(0, 8)} via ${via}: delivery count exhausted`);
    return { result: "settled", exhausted: entry.incoming };
  }

  defer(token: string, via = "?"): SettleResult {
    const entry = this.#lockedBy(token);
    if (entry === undefined) return this.#lockLost(token, `defer via ${via}`);
    entry.lock = undefined;
    entry.deferred = true;
    this.#record(entry.incoming.messageId, `deferred ${token.slice(0, 8)} via ${via}`);
    return "settled";
  }

  /** Removes the locked message so the caller can move it to the dead-letter sub-queue. */
  takeLocked(token: string, via = "?"): IncomingMessage | undefined {
    const entry = this.#lockedBy(token);
    if (entry === undefined) {
      this.#lockLost(token, `dead-letter via ${via}`);
      return undefined;
    }
    this.#remove(entry);
    this.#record(entry.incoming.messageId, `dead-lettered ${token.slice(0, 8)} via ${via}`);
    return entry.incoming;
  }

  renewLock(token: string): Date | undefined {
    const entry = this.#lockedBy(token);
    if (entry?.lock === undefined) {
      this.#lockLost(token, "renew");
      return undefined;
    }
    entry.lock.expiresAtWallMs = Date.now() + this.settings.lockDurationMs;
    return new Date(entry.lock.expiresAtWallMs);
  }

  /**
   * Service Bus ties a lock to the link it was delivered on: when the link goes, the message is
   * available again at once (its delivery count stays counted).
   */
  releaseLocksOf(owner: object): void {
    if (!this.settings.releaseLocksOnDetach) return;
    for (const entry of this.#entries) {
      if (entry.lock?.owner !== owner) continue;
      this.#record(entry.incoming.messageId, `lock ${entry.lock.token.slice(0, 8)} released: its link closed`);
      entry.lock = undefined;
    }
  }

  /** Peek sees every stored message, scheduled, locked and deferred ones included, without locking. */
  peek(fromSequenceNumber: number, count: number): Delivered[] {
    return this.#entries
      .filter((entry) => entry.sequenceNumber >= fromSequenceNumber)
      .slice(0, count)
      .map((entry) => ({ ...this.#delivered(entry, entry.deliveryCount), lock: undefined }));
  }

  /**
   * Ids outside the window can never match again, so they are forgotten: the map stays in insertion
   * order, which is time order (re-adding moves an id to the end), and is pruned from the front.
   */
  #remember(messageId: string, sequenceNumber: number, nowMs: number): void {
    this.#seenIds.delete(messageId);
    this.#seenIds.set(messageId, { sequenceNumber, atMs: nowMs });
    for (const [id, seen] of this.#seenIds) {
      if (nowMs - seen.atMs < this.settings.duplicateDetectionWindowMs) break;
      this.#seenIds.delete(id);
    }
  }

  #record(messageId: string | undefined, event: string): void {
    if (messageId === undefined || !this.settings.recordHistory) return;
    const history = this.#history.get(messageId) ?? [];
    history.push(`${new Date().toISOString().slice(14, 23)} ${event}`);
    this.#history.set(messageId, history);
  }

  #lockLost(token: string, operation: string): "lockLost" {
    const messageId = this.#tokens.get(token);
    const entry = this.#entries.find((candidate) => candidate.lock?.token === token);
    const why = entry === undefined ? "no message holds that lock" : "the lock had expired";
    this.#record(messageId, `${operation} ${token.slice(0, 8)} refused: ${why}`);
    return "lockLost";
  }

  #findDuplicate(messageId: string | undefined, nowMs: number): number | undefined {
    if (!this.settings.duplicateDetection || messageId === undefined) return undefined;
    const seen = this.#seenIds.get(messageId);
    if (seen === undefined || nowMs - seen.atMs >= this.settings.duplicateDetectionWindowMs) return undefined;
    return seen.sequenceNumber;
  }

  #lockedBy(token: string): Entry | undefined {
    return this.#entries.find(
      (entry) => entry.lock?.token === token && entry.lock.expiresAtWallMs > Date.now(),
    );
  }

  #remove(entry: Entry): void {
    const index = this.#entries.indexOf(entry);
    if (index >= 0) this.#entries.splice(index, 1);
  }

  #isScheduled(entry: Entry, nowMs: number): boolean {
    return entry.scheduledTimeMs !== undefined && entry.scheduledTimeMs > nowMs;
  }

  #isLocked(entry: Entry): boolean {
    return entry.lock !== undefined && entry.lock.expiresAtWallMs > Date.now();
  }

  #isAvailable(entry: Entry, nowMs: number): boolean {
    return !entry.deferred && !this.#isScheduled(entry, nowMs) && !this.#isLocked(entry);
  }

  #state(entry: Entry, nowMs: number): PeerMessage["state"] {
    if (entry.deferred) return "deferred";
    if (this.#isScheduled(entry, nowMs)) return "scheduled";
    return this.#isLocked(entry) ? "locked" : "active";
  }

  #delivered(entry: Entry, priorDeliveries: number): Delivered {
    const lock = entry.lock;
    return {
      amqp: entry.incoming.amqp,
      sequenceNumber: entry.sequenceNumber,
      enqueuedTimeUtc: new Date(entry.enqueuedTimeMs),
      priorDeliveries,
      lock: lock === undefined ? undefined : { token: lock.token, lockedUntilUtc: new Date(lock.expiresAtWallMs) },
      state: this.#state(entry, this.now()),
    };
  }

  #snapshot(entry: Entry, nowMs: number): PeerMessage {
    const { incoming } = entry;
    return {
      messageId: incoming.messageId,
      body: incoming.body,
      contentType: incoming.contentType,
      applicationProperties: { ...incoming.applicationProperties },
      ...(incoming.scheduledEnqueueTimeUtc === undefined
        ? {}
        : { scheduledEnqueueTimeUtc: incoming.scheduledEnqueueTimeUtc }),
      enqueuedTimeUtc: new Date(entry.enqueuedTimeMs),
      sequenceNumber: entry.sequenceNumber,
      deliveryCount: entry.deliveryCount,
      state: this.#state(entry, nowMs),
    };
  }
}
