import { randomUUID } from "node:crypto";
import { Socket, type AddressInfo, type Server } from "node:net";
import { create_container, message as amqpMessage } from "rhea";
import type { Connection, Container, Delivery, EventContext, Message, Receiver, Sender, Typed } from "rhea";
import { readIncomingMessage, SCHEDULED_ENQUEUE_TIME, type PeerMessage } from "./peerMessage";
import { PeerQueue, type PeerQueueSettings, type SettleResult } from "./peerQueue";
import { SessionSettler } from "./sessionSettler";
import { asRecord, longValue, readArray, readBuffer, readLong, readString, uuidBytes } from "./rheaValues";
import {
  ACCEPTED,
  asMessage,
  decodeMessage,
  encodeDelivered,
  LOCK_LOST,
  lockTokensOf,
  lockTokenTag,
  longArray,
  modified,
  rejected,
  REJECTED_WITHOUT_ERROR,
  RELEASED,
  timestampArray,
  unpackTransfer,
} from "./serviceBusWire";

export interface AmqpPeerQueueOptions {
  name: string;
  /** Default true: the app relies on it to make producers idempotent. */
  duplicateDetection?: boolean;
  /** Default 10 minutes, Service Bus's default history window. Measured on the injected clock. */
  duplicateDetectionWindowMs?: number;
  /** Default 60 s, Service Bus's default. Measured on the wall clock. */
  lockDurationMs?: number;
  /** Default 10: the abandon that reaches it dead-letters the message. */
  maxDeliveryCount?: number;
  /**
   * Default true: a closed link frees its locks at once. False models a consumer whose connection
   * outlives it (a host that vanished without closing its socket): its messages come back only when
   * their locks expire, the slowest way a killed consumer's work can return.
   */
  releaseLocksOnDetach?: boolean;
  /**
   * Default false: keep every lock and settlement by message id, for `history()`. It grows with
   * every message sent, so only a run that prints histories (the chaos run) should turn it on.
   */
  recordHistory?: boolean;
}

export interface AmqpPeerOptions {
  /**
   * The namespace's queues; attaching to any other entity fails with amqp:not-found, as it does
   * against Service Bus. When omitted, any address is a queue, created on first use.
   */
  queues?: (string | AmqpPeerQueueOptions)[];
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Business clock for scheduled messages, enqueued times and duplicate detection. */
  now?: () => number;
}

export interface PeerFault {
  /** authorize: the SAS token the SDK puts to $cbs before it opens a link (any queue: the request names none). */
  operation: "send" | "schedule" | "authorize";
  /** Default: any queue. */
  queue?: string;
  /** Default 1. */
  times?: number;
  /** reject: the transfer is rejected / the request answered with status 500. drop: the TCP connection is cut. */
  /** ignore (authorize only): the request is taken and never answered. */
  mode: "reject" | "drop" | "ignore";
  /** AMQP error condition of a rejection. Default amqp:internal-error. */
  condition?: string;
}

export interface PeerEnqueueMessage {
  /** Encoded as the SDK does: a Buffer as raw data, anything else as JSON in one data section. */
  body: unknown;
  messageId?: string;
  applicationProperties?: Record<string, unknown>;
  contentType?: string;
  scheduledEnqueueTimeUtc?: Date;
}

// The SDK sizes createMessageBatch() from the link's max-message-size; this is the Standard tier's.
const MAX_MESSAGE_SIZE = 256 * 1024;
const MANAGEMENT_SUFFIX = "/$management";
const DEAD_LETTER_SUFFIX = "/$DeadLetterQueue";
const CBS_ADDRESS = "$cbs";
// Scheduled messages fall due and locks expire without any AMQP traffic to react to.
const PUMP_INTERVAL_MS = 25;

interface Consumer {
  sender: Sender;
  queue: PeerQueue;
  receiveAndDelete: boolean;
}

interface PendingFault {
  operation: PeerFault["operation"];
  queue: string | undefined;
  remaining: number;
  mode: PeerFault["mode"];
  condition: string;
}

interface AmqpFailure {
  condition: string;
  description: string;
}

/** What a $management request gets back, or "drop" to cut the connection instead. */
type ManagementAnswer = { statusCode: number; body?: unknown; error?: AmqpFailure } | "drop";

/**
 * A Service Bus namespace on loopback that the real @azure/service-bus client can use: SASL
 * ANONYMOUS/PLAIN, $cbs, queue send/receive, batches, $management scheduling, peek and lock
 * renewal, plus inspection and fault injection for tests.
 *
 * Give clients under test `retryOptions` or a failure costs minutes: by default the SDK retries
 * a failed send or schedule 3 times 30 s apart (90 s observed), and after a dropped connection
 * it waits out `timeoutInMs` (default 60 s) on every attempt. Once more than one attempt has
 * failed it throws an AggregateError of the attempts' errors, not a ServiceBusError.
 */
export class AmqpPeer {
  readonly connectionString: string;
  readonly #queues = new Map<string, PeerQueue>();
  readonly #consumers = new Map<Sender, Consumer>();
  readonly #locks = new WeakMap<Delivery, { queue: PeerQueue; token: string }>();
  readonly #faults: PendingFault[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #errors: unknown[] = [];
  readonly #pumpTimer: NodeJS.Timeout;
  // Every disposition the peer sends goes through it: see SessionSettler for the rhea bug it avoids.
  readonly #settler = new SessionSettler();
  readonly #connectionNumbers = new WeakMap<Connection, number>();
  #connectionCount = 0;

  private constructor(
    readonly port: number,
    private readonly server: Server,
    private readonly options: { autoCreate: boolean; now: () => number },
  ) {
    this.connectionString = `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true`;
    this.#pumpTimer = setInterval(() => {
      this.#pumpAll();
    }, PUMP_INTERVAL_MS);
    this.#pumpTimer.unref();
  }

  static async start(options: AmqpPeerOptions = {}): Promise<AmqpPeer> {
    const container = create_container({
      id: "amqp-peer",
      // Settling is always explicit: a send may have to be rejected, and Service Bus settles
      // every disposition a receiver sends.
      receiver_options: { autoaccept: false, max_message_size: MAX_MESSAGE_SIZE },
      sender_options: { treat_modified_as_released: false },
    });
    enableSasl(container);
    const server = container.listen({ host: "127.0.0.1", port: options.port ?? 0 });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    const peer = new AmqpPeer((server.address() as AddressInfo).port, server, {
      autoCreate: options.queues === undefined,
      now: options.now ?? Date.now,
    });
    for (const queue of options.queues ?? []) peer.#createQueue(typeof queue === "string" ? { name: queue } : queue);
    peer.#listen(container);
    return peer;
  }

  /** Everything stored in the queue, scheduled, locked and deferred messages included. */
  messages(queue: string): PeerMessage[] {
    return this.#requireQueue(queue).snapshot();
  }

  /** Removes and returns the messages a receiver could get at `nowMs` (default: the peer's clock). */
  takeDue(queue: string, nowMs?: number): PeerMessage[] {
    return this.#requireQueue(queue).takeDue(nowMs ?? this.options.now());
  }

  /** Ids of every message the queue stored within its duplicate-detection window, settled ones included. */
  storedMessageIds(queue: string): string[] {
    return this.#requireQueue(queue).storedMessageIds();
  }

  /** What the queue did with one message id, for a test to print when it goes missing. */
  history(queue: string, messageId: string): readonly string[] {
    return this.#requireQueue(queue).history(messageId);
  }

  duplicatesDropped(queue: string): number {
    return this.#requireQueue(queue).duplicatesDropped;
  }

  /** Puts a message in as a sender would; undefined when duplicate detection drops it. */
  enqueue(queue: string, message: PeerEnqueueMessage): PeerMessage | undefined {
    const target = this.#requireQueue(queue);
    const raw = Buffer.isBuffer(message.body) ? message.body : Buffer.from(JSON.stringify(message.body ?? null), "utf8");
    const body: unknown = amqpMessage.data_section(raw);
    const amqp: Message = {
      body,
      ...(message.messageId === undefined ? {} : { message_id: message.messageId }),
      ...(message.contentType === undefined ? {} : { content_type: message.contentType }),
      ...(message.applicationProperties === undefined ? {} : { application_properties: message.applicationProperties }),
      ...(message.scheduledEnqueueTimeUtc === undefined
        ? {}
        : { message_annotations: { [SCHEDULED_ENQUEUE_TIME]: message.scheduledEnqueueTimeUtc } }),
    };
    const { message: stored } = target.add(readIncomingMessage(amqp));
    this.#pumpAll();
    return stored;
  }

  /** Makes the next matching send or schedule request fail; faults are used in the order given. */
  failNext(fault: PeerFault): void {
    this.#faults.push({
      operation: fault.operation,
      queue: fault.queue,
      remaining: fault.times ?? 1,
      mode: fault.mode,
      condition: fault.condition ?? "amqp:internal-error",
    });
  }

  /** Faults failNext queued for this operation on this queue that no request has met yet. */
  pendingFaults(operation: PeerFault["operation"], queue: string): number {
    return this.#faults.filter((fault) => fault.operation === operation && fault.queue === queue).reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** Errors rhea reported and requests the peer could not handle: a test should expect none. */
  get errors(): readonly unknown[] {
    return this.#errors;
  }

  async close(): Promise<void> {
    clearInterval(this.#pumpTimer);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  #listen(container: Container): void {
    this.server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    container.on("sender_open", (context: EventContext) => {
      if (context.sender) this.#onSenderOpen(context.sender);
    });
    container.on("receiver_open", (context: EventContext) => {
      if (context.receiver) this.#onReceiverOpen(context.receiver);
    });
    container.on("message", (context: EventContext) => {
      this.#onTransfer(context);
    });
    container.on("sendable", (context: EventContext) => {
      this.#pumpSender(context.sender);
    });
    container.on("sender_draining", (context: EventContext) => {
      this.#pumpSender(context.sender);
      context.sender?.set_drained(true);
    });
    container.on("accepted", (context: EventContext) => {
      this.#onDisposition(context.delivery, ACCEPTED, (queue, token) => queue.complete(token, this.#via(context.delivery)));
    });
    container.on("released", (context: EventContext) => {
      this.#onDisposition(context.delivery, RELEASED, (queue, token) => this.#abandon(queue, token, this.#via(context.delivery)));
    });
    container.on("modified", (context: EventContext) => {
      // The SDK abandons with undeliverable-here false and defers with it true.
      const state = asRecord(context.delivery?.remote_state);
      const deferred = state.undeliverable_here === true;
      this.#onDisposition(context.delivery, modified(state.delivery_failed === true, deferred), (queue, token) =>
        deferred ? queue.defer(token, this.#via(context.delivery)) : this.#abandon(queue, token, this.#via(context.delivery)),
      );
    });
    container.on("rejected", (context: EventContext) => {
      // The SDK dead-letters by rejecting with com.microsoft:dead-letter, the reason in the info.
      const error = asRecord(asRecord(context.delivery?.remote_state).error);
      this.#onDisposition(context.delivery, REJECTED_WITHOUT_ERROR, (queue, token) =>
        this.#deadLetter(queue, token, asRecord(error.info), this.#via(context.delivery)),
      );
    });
    container.on("sender_close", (context: EventContext) => {
      this.#forgetConsumers((sender) => sender === context.sender);
    });
    container.on("session_close", (context: EventContext) => {
      this.#forgetConsumers((sender) => sender.session === context.session);
    });
    for (const event of ["connection_close", "disconnected"]) {
      container.on(event, (context: EventContext) => {
        this.#forgetConsumers((sender) => sender.connection === context.connection);
      });
    }
    for (const event of ["error", "connection_error", "protocol_error", "sender_error", "receiver_error"]) {
      container.on(event, (context: unknown) => this.#errors.push(context));
    }
  }

  #onSenderOpen(sender: Sender): void {
    echoAttach(sender);
    const address = addressOf(sender.source);
    if (address === CBS_ADDRESS) return;
    const managed = address === undefined ? undefined : withoutSuffix(address, MANAGEMENT_SUFFIX);
    const queue = this.#queue(managed ?? address);
    if (queue === undefined) {
      refuse(sender, address);
      return;
    }
    // A $management reply link only carries responses; any other sender link is a receiver of the queue.
    if (managed !== undefined) return;
    // The client asks for settled transfers in receiveAndDelete mode (snd-settle-mode 1).
    this.#consumers.set(sender, { sender, queue, receiveAndDelete: sender.snd_settle_mode === 1 });
  }

  #onReceiverOpen(receiver: Receiver): void {
    echoAttach(receiver);
    const address = addressOf(receiver.target);
    if (address === CBS_ADDRESS) return;
    const entity = address === undefined ? undefined : (withoutSuffix(address, MANAGEMENT_SUFFIX) ?? address);
    if (this.#queue(entity) === undefined) refuse(receiver, address);
  }

  #onTransfer(context: EventContext): void {
    const { receiver, delivery, connection } = context;
    if (receiver === undefined || delivery === undefined) return;
    const address = addressOf(receiver.target) ?? "";
    const managed = withoutSuffix(address, MANAGEMENT_SUFFIX);
    // For a message format other than 0 (a batch), rhea hands over the undecoded payload.
    const payload: unknown = context.message;
    try {
      if (address === CBS_ADDRESS) {
        // The SDK sends a SAS token here before attaching to an entity; any token will do.
        this.#settler.settle(delivery, ACCEPTED);
        if (this.#takeFault("authorize", "") !== undefined) return;
        this.#reply(connection, asMessage(payload), { "status-code": 202, "status-description": "Accepted" });
      } else if (managed !== undefined) {
        this.#settler.settle(delivery, ACCEPTED);
        this.#onManagementRequest(connection, managed, asMessage(payload));
      } else {
        this.#onSend(connection, delivery, address, payload);
      }
    } catch (error: unknown) {
      this.#errors.push(error);
      // Unless it was settled (or queued to be) before the failure.
      this.#settler.settle(delivery, rejected({ condition: "amqp:internal-error", description: String(error) }));
    }
  }

  #onSend(connection: Connection, delivery: Delivery, address: string, payload: unknown): void {
    const queue = this.#requireQueue(address);
    const fault = this.#takeFault("send", queue.name);
    if (fault?.mode === "drop") {
      dropConnection(connection);
      return;
    }
    if (fault?.mode === "reject") {
      this.#settler.settle(delivery, rejected({ condition: fault.condition, description: "Injected send failure" }));
      return;
    }
    for (const amqp of unpackTransfer(payload, delivery.format)) queue.add(readIncomingMessage(amqp));
    this.#settler.settle(delivery, ACCEPTED);
    this.#pumpAll();
  }

  #onManagementRequest(connection: Connection, entity: string, request: Message): void {
    let answer: ManagementAnswer;
    try {
      answer = this.#answerManagement(this.#requireQueue(entity), request);
    } catch (error: unknown) {
      this.#errors.push(error);
      answer = { statusCode: 500, error: { condition: "amqp:internal-error", description: String(error) } };
    }
    if (answer === "drop") {
      dropConnection(connection);
      return;
    }
    // Without a status description core-amqp makes an error whose message is "[object Object]".
    const failure =
      answer.error === undefined ? {} : { "error-condition": answer.error.condition, statusDescription: answer.error.description };
    this.#reply(connection, request, { statusCode: answer.statusCode, ...failure }, answer.body);
  }

  #answerManagement(queue: PeerQueue, request: Message): ManagementAnswer {
    const operation = readString(asRecord(request.application_properties), "operation");
    const body = asRecord(request.body);
    switch (operation) {
      case "com.microsoft:schedule-message":
        return this.#schedule(queue, body);
      case "com.microsoft:cancel-scheduled-message":
        for (const sequenceNumber of readArray(body, "sequence-numbers")) {
          const value = longValue(sequenceNumber);
          if (value !== undefined) queue.cancelScheduled(value);
        }
        return { statusCode: 200 };
      case "com.microsoft:peek-message": {
        const peeked = queue.peek(readLong(body, "from-sequence-number") ?? 1, readLong(body, "message-count") ?? 1);
        // The SDK reads 204 as "nothing more to peek".
        if (peeked.length === 0) return { statusCode: 204 };
        return { statusCode: 200, body: { messages: peeked.map((delivered) => ({ message: encodeDelivered(delivered) })) } };
      }
      case "com.microsoft:renew-lock": {
        const expirations = lockTokensOf(body).map((token) => queue.renewLock(token));
        const renewed = expirations.filter((expiration): expiration is Date => expiration !== undefined);
        if (renewed.length < expirations.length) return { statusCode: 410, error: LOCK_LOST };
        return { statusCode: 200, body: { expirations: timestampArray(renewed) } };
      }
      case "com.microsoft:update-disposition": {
        const status = readString(body, "disposition-status");
        const reason = {
          DeadLetterReason: readString(body, "deadletter-reason"),
          DeadLetterErrorDescription: readString(body, "deadletter-description"),
        };
        const results = lockTokensOf(body).map((token) => this.#settleByStatus(queue, token, status, reason, "$management"));
        return results.includes("lockLost") ? { statusCode: 410, error: LOCK_LOST } : { statusCode: 200 };
      }
      default:
        return {
          statusCode: 501,
          error: { condition: "amqp:not-implemented", description: `The peer does not implement ${operation ?? "(no operation)"}.` },
        };
    }
  }

  #schedule(queue: PeerQueue, body: Record<string, unknown>): ManagementAnswer {
    const fault = this.#takeFault("schedule", queue.name);
    if (fault?.mode === "drop") return "drop";
    if (fault?.mode === "reject") {
      return { statusCode: 500, error: { condition: fault.condition, description: "Injected schedule failure" } };
    }
    const sequenceNumbers = readArray(body, "messages").map((entry) => {
      const encoded = readBuffer(asRecord(entry), "message");
      if (encoded === undefined) throw new Error("schedule-message entry without an encoded message");
      return queue.add(readIncomingMessage(decodeMessage(encoded))).sequenceNumber;
    });
    return { statusCode: 200, body: { "sequence-numbers": longArray(sequenceNumbers) } };
  }

  #settleByStatus(queue: PeerQueue, token: string, status: string | undefined, reason: Record<string, unknown>, via: string): SettleResult {
    switch (status) {
      case "completed":
        return queue.complete(token, via);
      case "abandoned":
        return this.#abandon(queue, token, via);
      case "defered":
        return queue.defer(token, via);
      case "suspended":
        return this.#deadLetter(queue, token, reason, via);
      default:
        return "lockLost";
    }
  }

  /** Applies a receiver's disposition and settles it, echoing its outcome as Service Bus does. */
  #onDisposition(
    delivery: Delivery | undefined,
    outcome: Typed,
    apply: (queue: PeerQueue, token: string) => SettleResult,
  ): void {
    if (delivery === undefined) return;
    const lock = this.#locks.get(delivery);
    if (lock === undefined) return;
    this.#locks.delete(delivery);
    const result = apply(lock.queue, lock.token);
    if (!delivery.remote_settled) this.#settler.settle(delivery, result === "settled" ? outcome : rejected(LOCK_LOST));
    this.#pumpAll();
  }

  #abandon(queue: PeerQueue, token: string, via: string): SettleResult {
    const { result, exhausted } = queue.abandon(token, via);
    if (exhausted !== undefined) {
      this.#deadLetterQueueOf(queue).add({
        ...exhausted,
        applicationProperties: { ...exhausted.applicationProperties, DeadLetterReason: "MaxDeliveryCountExceeded" },
      });
    }
    return result;
  }

  #deadLetter(queue: PeerQueue, token: string, info: Record<string, unknown>, via: string): SettleResult {
    const taken = queue.takeLocked(token, via);
    if (taken === undefined) return "lockLost";
    this.#deadLetterQueueOf(queue).add({ ...taken, applicationProperties: { ...taken.applicationProperties, ...info } });
    return "settled";
  }

  #deadLetterQueueOf(queue: PeerQueue): PeerQueue {
    return this.#requireQueue(`${queue.name}${DEAD_LETTER_SUFFIX}`);
  }

  /** Request/response: the answer goes out on the client's receiver link named by reply_to. */
  #reply(connection: Connection, request: Message, properties: Record<string, unknown>, body?: unknown): void {
    const replyTo: unknown = request.reply_to;
    const link = connection.find_sender((sender: Sender) => sender.name === replyTo);
    if (link === undefined) {
      this.#errors.push(new Error(`no reply link named ${String(replyTo)}`));
      return;
    }
    const correlation = request.message_id === undefined ? {} : { correlation_id: request.message_id };
    link.send({ ...correlation, application_properties: properties, body });
  }

  #pumpAll(): void {
    for (const consumer of this.#consumers.values()) this.#pump(consumer);
  }

  #pumpSender(sender: Sender | undefined): void {
    const consumer = sender === undefined ? undefined : this.#consumers.get(sender);
    if (consumer !== undefined) this.#pump(consumer);
  }

  #pump({ sender, queue, receiveAndDelete }: Consumer): void {
    // rhea takes credit only when it writes a transfer, after this loop: without counting the
    // deliveries still waiting to be written, one pump would lock the whole queue for a receiver
    // that asked for a few, and those locks would lapse while the messages sat in its buffer.
    while (sender.is_open() && sender.sendable() && unchargedCredit(sender) > 0) {
      const next = receiveAndDelete ? queue.takeNext() : queue.lockNext(sender, this.#linkName(sender));
      if (next === undefined) return;
      const tag = next.lock === undefined ? uuidBytes(randomUUID()) : lockTokenTag(next.lock.token);
      const delivery = sender.send(encodeDelivered(next), tag, 0);
      if (next.lock !== undefined) {
        this.#locks.set(delivery, { queue, token: next.lock.token });
        queue.note(next.lock.token, `  as delivery ${delivery.id}`);
      }
    }
  }

  /** "c3/link-name": which connection and link a disposition or delivery belongs to, for histories. */
  #linkName(link: Sender | Receiver): string {
    let number = this.#connectionNumbers.get(link.connection);
    if (number === undefined) {
      number = ++this.#connectionCount;
      this.#connectionNumbers.set(link.connection, number);
    }
    return `c${number}/${link.name}`;
  }

  #via(delivery: Delivery | undefined): string {
    return delivery === undefined ? "?" : `${this.#linkName(delivery.link)} delivery ${delivery.id}`;
  }

  #forgetConsumers(matches: (sender: Sender) => boolean): void {
    for (const [sender, consumer] of this.#consumers) {
      if (!matches(sender)) continue;
      this.#consumers.delete(sender);
      consumer.queue.releaseLocksOf(sender);
    }
  }

  #takeFault(operation: PeerFault["operation"], queue: string): PendingFault | undefined {
    const fault = this.#faults.find(
      (candidate) => candidate.operation === operation && (candidate.queue === undefined || candidate.queue === queue),
    );
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return fault;
  }

  #queue(name: string | undefined): PeerQueue | undefined {
    if (name === undefined) return undefined;
    const existing = this.#queues.get(name);
    if (existing !== undefined) return existing;
    const parent = withoutSuffix(name, DEAD_LETTER_SUFFIX);
    if (parent !== undefined) {
      return this.#queue(parent) === undefined ? undefined : this.#createQueue({ name, duplicateDetection: false });
    }
    return this.options.autoCreate ? this.#createQueue({ name }) : undefined;
  }

  #requireQueue(name: string): PeerQueue {
    const queue = this.#queue(name);
    if (queue === undefined) throw new Error(`The peer has no queue named "${name}".`);
    return queue;
  }

  #createQueue(options: AmqpPeerQueueOptions): PeerQueue {
    const settings: PeerQueueSettings = {
      duplicateDetection: options.duplicateDetection ?? true,
      duplicateDetectionWindowMs: options.duplicateDetectionWindowMs ?? 10 * 60_000,
      lockDurationMs: options.lockDurationMs ?? 60_000,
      maxDeliveryCount: options.maxDeliveryCount ?? 10,
      releaseLocksOnDetach: options.releaseLocksOnDetach ?? true,
      recordHistory: options.recordHistory ?? false,
    };
    const queue = new PeerQueue(options.name, settings, this.options.now);
    this.#queues.set(options.name, queue);
    return queue;
  }
}

interface SaslServerMechanisms {
  enable_anonymous(): void;
  enable_plain(callback: (username: string, password: string) => boolean): void;
}

// The SDK offers ANONYMOUS (a key name without a password); other clients may offer PLAIN.
function enableSasl(container: Container): void {
  const mechanisms = container.sasl_server_mechanisms as SaslServerMechanisms;
  mechanisms.enable_anonymous();
  mechanisms.enable_plain(() => true);
}

function addressOf(terminus: unknown): string | undefined {
  return readString(asRecord(terminus), "address");
}

function withoutSuffix(address: string, suffix: string): string | undefined {
  return address.endsWith(suffix) ? address.slice(0, -suffix.length) : undefined;
}

// Answers the attach with the client's own termini and settle modes: an attach answered without
// them reads as "refused", and a sender honours only its own local snd-settle-mode.
function echoAttach(link: Sender | Receiver): void {
  const source = addressOf(link.source);
  const target = addressOf(link.target);
  if (source !== undefined) link.set_source({ address: source });
  if (target !== undefined) link.set_target({ address: target });
  const attach = asRecord(asRecord(Reflect.get(link, "local")).attach);
  attach.snd_settle_mode = link.snd_settle_mode;
  attach.rcv_settle_mode = link.rcv_settle_mode;
}

function refuse(link: Sender | Receiver, address: string | undefined): void {
  link.close({ condition: "amqp:not-found", description: `The messaging entity '${address ?? ""}' could not be found.` });
}


/** The link's credit less the deliveries handed to rhea on its session but not yet written (and so not yet charged). */
function unchargedCredit(sender: Sender): number {
  const credit: unknown = Reflect.get(sender, "credit");
  const outgoing = asRecord(Reflect.get(sender.session, "outgoing"));
  const next = outgoing.next_delivery_id;
  const pending = outgoing.next_pending_delivery;
  const unwritten = typeof next === "number" && typeof pending === "number" ? next - pending : 0;
  return (typeof credit === "number" ? credit : 0) - unwritten;
}

function dropConnection(connection: Connection): void {
  const socket: unknown = Reflect.get(connection, "socket");
  if (socket instanceof Socket) socket.destroy();
}
