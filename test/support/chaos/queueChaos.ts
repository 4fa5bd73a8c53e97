import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { retryMessageId } from "../../../src/queue/messageIds";
import { AmqpPeer } from "../amqp/amqpPeer";
import { accountDuplicates, type ChaosDelivery, type DuplicateCause } from "./chaosDuplicates";
import { acceleratedClock, type ChaosConsumerEvent, type ChaosConsumerSettings, type DeliveryRef } from "./chaosConsumerProtocol";
import { deterministicGuid } from "../graph/deterministicGuid";
import type { EmulatedAssignment } from "../graph/emulatedAssignment";
import type { Fault } from "../graph/fault";
import { GraphEmulator } from "../graph/graphEmulator";
import type { PeerMessage } from "../amqp/peerMessage";
import { seededRandom } from "../seededRandom";
import { testCertificate } from "../testCertificate";

export interface QueueChaosOptions {
  readonly messages: number;
  /** Consumer processes running at once (one more is started to replace the killed one). */
  readonly consumers: number;
  readonly maxConcurrentCalls: number;
  readonly seed: number;
  /** Gives up (and reports what is left) after this long. */
  readonly timeoutMs: number;
  /** Told how far the run is, every few seconds: a long run should not look hung. */
  readonly progress?: (line: string) => void;
}

export interface QueueChaosFigures {
  readonly messagesIn: number;
  readonly expectedReprocessed: number;
  /** Assignments Graph reprocessed at least once. */
  readonly reprocessed: number;
  readonly parkedByReason: Readonly<Record<string, number>>;
  readonly deadLettered: number;
  /** For each dead-lettered message: the same trace as for a lost one (what failed on each of its deliveries). */
  readonly deadLetteredTrace: readonly string[];
  readonly lost: readonly string[];
  /** For each lost message: its deliveries and what the broker did with every id of its family. */
  readonly lostTrace: readonly string[];
  /** Parked with a reason other than its own (or attemptsExhausted, for a transient failure that outlasted every attempt). */
  readonly wrongReason: readonly string[];
  /** Extra reprocesses Graph carried out, beyond one per assignment. */
  readonly reprocessedTwice: number;
  /** Each extra reprocess attributed to the at-least-once cause that allowed it. */
  readonly duplicatesByCause: Readonly<Record<DuplicateCause, number>>;
  /** Assignments reprocessed more often than the run's causes allow: must be empty. */
  readonly unexplainedDuplicates: readonly string[];
  /** For each unexplained duplicate, the same trace as for a lost message. */
  readonly duplicateTrace: readonly string[];
  /** Faults injected, by layer. */
  readonly faults: {
    readonly graphRequests: number;
    readonly graphFaultRate: number;
    readonly graph429Storms: number;
    /** Windows in which the managed identity endpoint refused every token request. */
    readonly identityOutages: number;
    readonly identityOutageMs: number;
    /** Token requests the managed identity endpoint got, and refused. */
    readonly identityRequests: number;
    readonly identityRefusals: number;
    /** Tokens a consumer that already had one got mid-run: its credential came back for a new one. */
    readonly identityRenewalsMidRun: number;
    /** Refusals to a consumer that already had a token. */
    readonly identityRefusalsMidRun: number;
    /** Graph calls that failed because the credential could not get a token. */
    readonly callsWithoutToken: number;
    readonly amqpSendFaults: number;
  };
  readonly deliveries: number;
  readonly abandoned: number;
  readonly killed: { readonly inFlight: number; readonly redeliveredAfterLockExpiry: number; readonly redeliveredEarly: number; readonly lockDurationMs: number };
  /** Messages each consumer process completed: both compete for the one queue. */
  readonly completedPerConsumer: readonly number[];
  /** Errors the AMQP peer recorded (rhea errors, requests it could not handle). */
  readonly peerErrors: number;
  /** Consumer processes that ended on their own (an uncaught error), not killed by the run: must be empty. */
  readonly crashedConsumers: readonly string[];
  /** How the verification of every item Graph accepted ended. */
  readonly verification: {
    /** Inputs whose reprocess is scripted to deliver: each must end confirmed (or parked, when Graph kept failing). */
    readonly expectedConfirmed: number;
    /** Inputs scripted to fail again or to stay delivering: each must end parked notDeliveredAfterReprocess. */
    readonly expectedParked: number;
    readonly confirmed: number;
    readonly stillFailing: number;
    readonly gaveUp: number;
    /** Parked notDeliveredAfterReprocess, by input. */
    readonly parkedNotDelivered: number;
    /**
     * Inputs scripted to fail again or never end that did end parked: by their verify, or (when
     * the client never saw Graph's 202, so no verify was sent) by the repeat's state check.
     */
    readonly parkedOfExpected: number;
    /** Items Graph accepted that ended neither confirmed nor parked nor dead-lettered: must be empty. */
    readonly unverified: readonly string[];
  };
  readonly durationMs: number;
  readonly timedOut: boolean;
}

const clockSpeed = 100;
// Long enough that a consumer on a loaded 2-core machine renews in time (the SDK renews halfway
// through), short enough that the killed consumer's messages come back within the run.
const lockDurationMs = 8_000;
const day = 24 * 60 * 60 * 1000;
// Every layer's faults, one in five Graph requests: 429 storms and single 429s, 5xx, resets, answers
// slower than the client's 1 s timeout (carried out by Graph all the same) and no answer at all.
const graphFaults: readonly Fault[] = [
  { kind: "throttle", retryAfterSeconds: 2 },
  { kind: "throttle" },
  { kind: "status", status: 500 },
  { kind: "status", status: 502 },
  { kind: "status", status: 503 },
  { kind: "status", status: 504 },
  { kind: "reset" },
  { kind: "delay", delayMs: 2_500 },
  { kind: "hang" },
];
const graphFaultRate = 0.2;
// Tokens live 4 s, so the credential goes back to the endpoint all through the run, and the endpoint
// refuses one request in five. The credential absorbs most refusals (it renews at half a token's
// life, again 2 s after a refusal, and answers from the token it holds meanwhile), so once a run
// the endpoint also refuses everything for 3 s, longer than half a token's life: every consumer
// alive through it comes back for a token while refused, and calls that find theirs expired fail
// for want of one and are rescheduled. (Longer outages fit a message's ten attempts at this run's
// 100x business clock: work Graph would have done gets parked attemptsExhausted.)
const identityFaultRate = 0.2;
const tokenLifetimeSeconds = 4;
const identityOutageMs = 3_000;
// Once the queue is empty, deliveries whose locks lapsed may still be running somewhere: their
// Graph calls count, so the run waits for them to end before it adds anything up.
const settleGraceMs = 15_000;

interface InputMessage {
  readonly messageId: string;
  readonly assignmentId: string | undefined;
  /** `reprocessed`: accepted and then confirmed delivered; `notDeliveredAfterReprocess`: accepted, then parked by its verify. */
  readonly expected: "reprocessed" | "notDeliveredAfterReprocess" | "notDelivered" | "notFound" | "invalidId" | "malformed";
  readonly body: unknown;
}

// What an accepted reprocess does, on the business clock: most are delivered by the first read
// (30 s later); one in twenty is still delivering then and delivered by the second (90 s); one in
// twenty fails again; one in twenty stays delivering for ten hours, past the 20-minute bound.
const deliveredAtOnce = { state: "delivered", afterMs: 0 } as const;
const deliveredAfterAWhile = { state: "delivered", afterMs: 60_000 } as const;
const failsAgain = { state: "deliveryFailed", afterMs: 0 } as const;
const deliveringForHours = { state: "delivered", afterMs: 10 * 60 * 60_000 } as const;

/** Mostly delivered assignments, with every kind of message the queue must park mixed in. */
function inputMessages(count: number, emulated: EmulatedAssignment[]): InputMessage[] {
  const messages: InputMessage[] = [];
  for (let index = 0; index < count; index++) {
    const messageId = `chaos:${index}`;
    const kind = index % 20;
    const id = deterministicGuid("assignment", 80, index);
    if (kind === 3) {
      emulated.push({ id, state: "expired", accessPackageId: deterministicGuid("accessPackage", 80, 0), targetObjectId: deterministicGuid("target", 80, index) });
      messages.push({ messageId, assignmentId: id, expected: "notDelivered", body: { type: "reprocess", assignmentId: id } });
    } else if (kind === 7) {
      messages.push({ messageId, assignmentId: id, expected: "notFound", body: { type: "reprocess", assignmentId: id } });
    } else if (kind === 11) {
      messages.push({ messageId, assignmentId: undefined, expected: "invalidId", body: { type: "reprocess", assignmentId: `${id}x` } });
    } else if (kind === 15) {
      messages.push({ messageId, assignmentId: undefined, expected: "malformed", body: { type: "reprocess", assignmentId: id, extra: true } });
    } else {
      const afterReprocess = kind === 18 ? failsAgain : kind === 19 ? deliveringForHours : kind === 13 ? deliveredAfterAWhile : deliveredAtOnce;
      emulated.push({ id, state: "delivered", accessPackageId: deterministicGuid("accessPackage", 80, 0), targetObjectId: deterministicGuid("target", 80, index), afterReprocess });
      messages.push({ messageId, assignmentId: id, expected: kind === 18 || kind === 19 ? "notDeliveredAfterReprocess" : "reprocessed", body: { type: "reprocess", assignmentId: id } });
    }
  }
  return messages;
}

/** The input message a copy descends from: retry copies, verifies, their later reads and parked copies extend its id. */
function rootMessageId(messageId: string): string {
  return messageId
    .replace(/:parked$/, "")
    .replace(/:attempt:\d+$/, "")
    .replace(/:check:\d+$/, "")
    .replace(/:verify$/, "")
    .replace(/:attempt:\d+$/, "");
}

/** A message's attempt, read from its id: a retry copy ends in `:attempt:{n}`, the original is 1. */
function attemptOf(messageId: string): number {
  const match = /:attempt:(\d+)(?::parked)?$/.exec(messageId);
  return match?.[1] === undefined ? 1 : Number(match[1]);
}

function deliveryKey({ messageId, deliveryCount }: DeliveryRef): string {
  return `${messageId}#${deliveryCount}`;
}

function clockText(): string {
  return new Date().toISOString().slice(14, 23);
}

interface Consumer {
  readonly index: number;
  readonly child: ChildProcess;
  /** Delivery key → wall time its lock ends, for deliveries locked and not yet ended. */
  readonly inFlight: Map<string, number>;
  completed: number;
}

/** A delivery as the parent follows it: the accounting's record plus a readable log. */
interface TracedDelivery extends ChaosDelivery {
  readonly log: string[];
}

/**
 * Runs `messages` queue messages through consumer processes competing for one AMQP peer queue
 * while every layer fails: Graph (rate and storms), the managed identity endpoint, the peer's
 * sends (refused or connection dropped), and one consumer killed with SIGKILL mid-run.
 */
export async function runQueueChaos(options: QueueChaosOptions): Promise<QueueChaosFigures> {
  const started = Date.now();
  const now = acceleratedClock(started, clockSpeed);
  const random = seededRandom(options.seed);
  const emulated: EmulatedAssignment[] = [];
  const inputs = inputMessages(options.messages, emulated);
  const byRoot = new Map(inputs.map((input) => [input.messageId, input]));
  const queueName = "reprocess";
  const parkedQueueName = "reprocess-parked";
  // Entra's 5-minute clock-skew allowance: a token sent just before it expires is not refused on arrival.
  // Graph's entitlement clock is the business clock, so scripted deliveries take business time, as
  // the verifies' schedule does (tokens keep the wall clock).
  const emulator = await GraphEmulator.start({ assignments: emulated, tokenLifetimeSeconds, tokenClockSkewSeconds: 300, now });
  const peer = await AmqpPeer.start({
    now,
    queues: [queueName, parkedQueueName].map((name) => ({ name, duplicateDetectionWindowMs: day, lockDurationMs, maxDeliveryCount: 10, releaseLocksOnDetach: false, recordHistory: true })),
  });
  emulator.setFaultRate({ rate: graphFaultRate, faults: [...graphFaults], seed: options.seed });
  emulator.setIdentityFailureRate({ rate: identityFaultRate, status: 400, seed: options.seed });
  const consumers: Consumer[] = [];
  const traced = new Map<string, TracedDelivery>();
  // Message id → when another consumer than the victim first locked it after the kill.
  const lockedAgain = new Map<string, number>();
  let deliveries = 0;
  let abandoned = 0;
  let storms = 0;
  let amqpFaults = 0;
  let callsWithoutToken = 0;
  let identityOutages = 0;
  let victim: Consumer | undefined;
  const verified = new Map<string, Set<string>>();
  const crashedConsumers: string[] = [];
  let killedInFlight: Map<string, number> | undefined;

  const settings: ChaosConsumerSettings = {
    CHAOS_SERVICE_BUS: peer.connectionString,
    CHAOS_QUEUE: queueName,
    CHAOS_PARKED_QUEUE: parkedQueueName,
    CHAOS_GRAPH_BASE_URL: emulator.baseUrl,
    CHAOS_CLOCK_ORIGIN: String(started),
    CHAOS_CLOCK_SPEED: String(clockSpeed),
    CHAOS_MAX_CONCURRENT_CALLS: String(options.maxConcurrentCalls),
    IDENTITY_ENDPOINT: emulator.identityEndpoint,
    IDENTITY_HEADER: emulator.identityHeader,
    NODE_EXTRA_CA_CERTS: testCertificate.certPath,
  };

  const deliveryOf = (consumer: Consumer, ref: DeliveryRef): TracedDelivery => {
    const key = deliveryKey(ref);
    let delivery = traced.get(key);
    if (delivery === undefined) {
      delivery = { consumer: consumer.index, messageId: ref.messageId, deliveryCount: ref.deliveryCount, calls: [], sends: [], end: undefined, log: [] };
      traced.set(key, delivery);
    }
    return delivery;
  };

  const ended = (consumer: Consumer, ref: DeliveryRef, end: TracedDelivery["end"], detail = ""): void => {
    const delivery = deliveryOf(consumer, ref);
    delivery.end = end;
    delivery.log.push(`${clockText()} ${end ?? "?"}${detail === "" ? "" : ` (${detail.slice(0, 120)})`}`);
    consumer.inFlight.delete(deliveryKey(ref));
  };

  const onEvent = (consumer: Consumer, event: ChaosConsumerEvent): void => {
    switch (event.kind) {
      case "ready":
        return;
      case "locked": {
        deliveries += 1;
        consumer.inFlight.set(deliveryKey(event), event.lockedUntilMs);
        deliveryOf(consumer, event).log.push(`${clockText()} locked by consumer ${consumer.index} until ${new Date(event.lockedUntilMs).toISOString().slice(14, 23)}`);
        if (victim !== undefined && consumer !== victim && !lockedAgain.has(event.messageId)) lockedAgain.set(event.messageId, Date.now());
        // AMQP faults: one refused or dropped send to the work queue (the retry copy is the app's
        // schedule) or to the parked queue in every ten deliveries. A fault waits for the next send
        // to its queue, and most deliveries send nothing (a verify that finds the item delivered):
        // queued regardless, faults piled up for the parked queue late in the run and refused every
        // park in a row, ten deliveries of one verify in 19 s, dead-lettering it. A broker's faults
        // do not wait for traffic, so a queue gets a new one only once its last has met its send.
        if (deliveries % 10 === 0) {
          const queue = random() < 0.5 ? queueName : parkedQueueName;
          const mode = random() < 0.5 ? "reject" : "drop";
          if (peer.pendingFaults("send", queue) === 0) {
            peer.failNext({ operation: "send", queue, mode });
            amqpFaults += 1;
          }
        }
        if (deliveries === Math.floor(options.messages * 0.5)) {
          emulator.setIdentityFailureRate({ rate: 1, status: 400, seed: options.seed });
          identityOutages += 1;
          setTimeout(() => {
            emulator.setIdentityFailureRate({ rate: identityFaultRate, status: 400, seed: options.seed + 1 });
          }, identityOutageMs);
        }
        // A 429 storm (every Graph request throttled for a while) two or three times a run.
        if (deliveries % Math.floor(options.messages * 0.8) === 0) {
          emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 1 }, times: 30 });
          storms += 1;
        }
        maybeKill();
        return;
      }
      case "tokenUnavailable":
        callsWithoutToken += 1;
        return;
      case "verified": {
        const outcomes = verified.get(event.assignmentId) ?? new Set<string>();
        outcomes.add(event.outcome);
        verified.set(event.assignmentId, outcomes);
        return;
      }
      case "reprocessCallEnded":
        if (event.delivery !== undefined) {
          const delivery = deliveryOf(consumer, event.delivery);
          delivery.calls.push({ clientRequestId: event.clientRequestId, succeeded: event.succeeded });
          delivery.log.push(`${clockText()} reprocess call ${event.clientRequestId.slice(0, 8)} ${event.succeeded ? "saw 202" : "failed"}`);
        }
        return;
      case "sendEnded": {
        const delivery = deliveryOf(consumer, event);
        delivery.sends.push({ queue: event.queue, sentIds: event.sentIds, ok: event.ok });
        delivery.log.push(`${clockText()} send ${event.sentIds.join(",")} to ${event.queue} ${event.ok ? "ok" : "failed"}`);
        return;
      }
      case "completed":
        consumer.completed += 1;
        ended(consumer, event, "completed");
        return;
      case "completionLost":
        ended(consumer, event, "completionLost", event.error);
        return;
      case "abandoned":
        abandoned += 1;
        ended(consumer, event, "abandoned", event.error);
        return;
      case "abandonFailed":
        ended(consumer, event, "abandonFailed", event.error);
        return;
    }
  };

  const start = async (): Promise<Consumer> => {
    const child = fork(join(__dirname, "chaosConsumerMain.ts"), [], {
      execArgv: ["--import", "tsx"],
      env: { PATH: process.env.PATH ?? "", ...settings },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const consumer: Consumer = { index: consumers.length, child, inFlight: new Map(), completed: 0 };
    consumers.push(consumer);
    await new Promise<void>((resolve, reject) => {
      child.on("message", (event: ChaosConsumerEvent) => {
        if (event.kind === "ready") resolve();
        onEvent(consumer, event);
      });
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        if (signal === "SIGKILL") return;
        // After start-up nobody waits on this promise: a consumer that dies on its own mid-run is
        // otherwise noticed only as work that stops, so it is counted.
        const ended = `consumer ${consumer.index} exited with ${code ?? signal ?? "?"} at ${clockText()}`;
        crashedConsumers.push(ended);
        reject(new Error(`chaos ${ended}`));
      });
    });
    return consumer;
  };

  const maybeKill = (): void => {
    const first = consumers[0];
    if (victim !== undefined || first === undefined || deliveries < options.messages * 0.4 || first.inFlight.size === 0) return;
    victim = first;
    // Judged once the victim's pipe is drained ("close"): a report in transit at the kill still
    // counts, and no other consumer can have its messages yet (their locks hold).
    first.child.once("close", () => {
      killedInFlight = new Map(first.inFlight);
      for (const key of killedInFlight.keys()) {
        const delivery = traced.get(key);
        if (delivery === undefined) continue;
        delivery.end = "killed";
        delivery.log.push(`${clockText()} killed with its consumer`);
      }
      first.inFlight.clear();
    });
    first.child.kill("SIGKILL");
    void start();
  };

  const inFlightAnywhere = (): number => consumers.filter((consumer) => consumer !== victim).reduce((sum, consumer) => sum + consumer.inFlight.size, 0);

  try {
    for (let index = 0; index < options.consumers; index++) await start();
    for (const input of inputs) {
      peer.enqueue(queueName, { messageId: input.messageId, body: input.body, applicationProperties: { attempt: 1, requestId: "chaos" } });
    }
    let timedOut = false;
    let lastProgress = Date.now();
    let emptySince: number | undefined;
    for (;;) {
      const left = peer.messages(queueName);
      if (left.length > 0) emptySince = undefined;
      else emptySince ??= Date.now();
      if (emptySince !== undefined && (inFlightAnywhere() === 0 || Date.now() - emptySince > settleGraceMs)) break;
      if (options.progress !== undefined && Date.now() - lastProgress > 5_000) {
        lastProgress = Date.now();
        options.progress(`queue chaos: ${Math.round((Date.now() - started) / 1000)} s, ${deliveries} deliveries, ${left.length} messages left (${left.filter((message) => message.state === "locked").length} locked, ${left.filter((message) => message.state === "scheduled").length} scheduled)`);
      }
      if (Date.now() - started > options.timeoutMs) {
        timedOut = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return figures({ timedOut });
  } finally {
    for (const consumer of consumers) consumer.child.kill("SIGKILL");
    await peer.close();
    await emulator.close();
  }

  function trace(root: string): string {
    const family = (queue: string): string[] => peer.storedMessageIds(queue).filter((id) => rootMessageId(id) === root);
    const deliveryLines = [...traced.values()]
      .filter((delivery) => rootMessageId(delivery.messageId) === root)
      .map((delivery) => `\n      delivery ${delivery.messageId}#${delivery.deliveryCount} to consumer ${delivery.consumer}: ${delivery.log.join(" | ")}`);
    const peerLines = family(queueName).map((id) => `\n      broker ${id}: ${peer.history(queueName, id).join(" | ")}`);
    const assignmentId = byRoot.get(root)?.assignmentId;
    const graphLines =
      assignmentId === undefined
        ? []
        : emulator.requests
            .filter((request) => request.method === "POST" && request.path.includes(assignmentId))
            .map((request) => `\n      graph POST at ${new Date(request.receivedAtMs).toISOString().slice(14, 23)} ${request.clientRequestId?.slice(0, 8) ?? "?"} → ${request.status}`);
    return `${root}: work [${family(queueName).join(",")}] parked [${family(parkedQueueName).join(",")}]${deliveryLines.join("")}${peerLines.join("")}${graphLines.join("")}`;
  }

  /** Token requests from consumers that already had a token: renewals mid-run, and how many were refused. */
  function tokenRequestsMidRun(): { renewed: number; refused: number } {
    // Each consumer's credential has a client id of its own.
    const hadToken = new Set<string>();
    let renewed = 0;
    let refused = 0;
    for (const request of emulator.identityRequests) {
      const clientId = request.clientId ?? "";
      if (!hadToken.has(clientId)) {
        if (request.refused !== true) hadToken.add(clientId);
      } else if (request.refused === true) refused += 1;
      else renewed += 1;
    }
    return { renewed, refused };
  }


  function figures({ timedOut }: { timedOut: boolean }): QueueChaosFigures {
    const parked = peer.messages(parkedQueueName);
    const parkedRoots = new Map(parked.map((message) => [rootMessageId(message.messageId ?? ""), String(message.applicationProperties.reason)]));
    // A root may be parked twice: a repeat of an accepted reprocess that found it not delivered, and its verify.
    const parkedReasons = new Map<string, Set<string>>();
    for (const message of parked) {
      const root = rootMessageId(message.messageId ?? "");
      parkedReasons.set(root, (parkedReasons.get(root) ?? new Set<string>()).add(String(message.applicationProperties.reason)));
    }
    const confirmed = (input: InputMessage): boolean => input.assignmentId !== undefined && verified.get(input.assignmentId)?.has("delivered") === true;
    const deadLettered = peer.messages(`${queueName}/$DeadLetterQueue`);
    const deadRoots = new Set(deadLettered.map((message: PeerMessage) => rootMessageId(message.messageId ?? "")));
    const parkedByReason: Record<string, number> = {};
    for (const reason of parkedRoots.values()) parkedByReason[reason] = (parkedByReason[reason] ?? 0) + 1;
    // An accepted item must end confirmed or parked: one that is neither was lost, even though Graph reprocessed it.
    const lost = inputs
      .filter((input) => {
        if (parkedRoots.has(input.messageId) || deadRoots.has(input.messageId)) return false;
        return input.expected !== "reprocessed" || !confirmed(input);
      })
      .map((input) => input.messageId);
    const unverified = inputs
      .filter((input) => input.assignmentId !== undefined && emulator.reprocessCount(input.assignmentId) > 0)
      .filter((input) => !confirmed(input) && !parkedRoots.has(input.messageId) && !deadRoots.has(input.messageId))
      .map((input) => input.messageId);
    const accepted = emulator.requests
      .filter((request) => request.method === "POST" && request.status === 202 && request.path.endsWith("/reprocess"))
      .map((request) => ({ assignmentId: request.path.split("/").at(-2) ?? "", clientRequestId: request.clientRequestId }));
    const duplicates = accountDuplicates({
      assignmentOf: (messageId) => byRoot.get(rootMessageId(messageId))?.assignmentId,
      accepted,
      deliveries: [...traced.values()],
      workQueue: queueName,
      storedWorkIds: new Set(peer.storedMessageIds(queueName)),
      nextAttemptId: (messageId) => retryMessageId(messageId, attemptOf(messageId) + 1),
    });
    const rootOfAssignment = new Map(inputs.map((input) => [input.assignmentId, input.messageId]));
    const killed = killedInFlight ?? new Map<string, number>();
    const againAfter = (key: string): number | undefined => lockedAgain.get(key.replace(/#\d+$/, ""));
    const redeliveredAfterLockExpiry = [...killed].filter(([key, lockedUntil]) => {
      const again = againAfter(key);
      // Renewals may have extended the lock: never before the lock the message was delivered with.
      return again !== undefined && again >= lockedUntil;
    }).length;
    const redeliveredEarly = [...killed].filter(([key, lockedUntil]) => {
      const again = againAfter(key);
      return again !== undefined && again < lockedUntil;
    }).length;
    // Graph failing every attempt parks anything as attemptsExhausted. An accepted item repeated
    // (at-least-once) while its delivery was not over is refused as notDelivered by the state check.
    const allowed = (input: InputMessage): ReadonlySet<string> =>
      new Set(["attemptsExhausted", input.expected, ...(input.expected === "reprocessed" || input.expected === "notDeliveredAfterReprocess" ? ["notDelivered"] : [])]);
    const wrongReason = inputs
      .filter((input) => [...(parkedReasons.get(input.messageId) ?? [])].some((reason) => !allowed(input).has(reason)))
      .map((input) => input.messageId);
    const ofOutcome = (outcome: string): number => [...verified.values()].filter((outcomes) => outcomes.has(outcome)).length;
    const midRun = tokenRequestsMidRun();
    return {
      messagesIn: inputs.length,
      // Graph reprocesses the items scripted to fail again or never end too: only their verify differs.
      expectedReprocessed: inputs.filter((input) => input.expected === "reprocessed" || input.expected === "notDeliveredAfterReprocess").length,
      reprocessed: inputs.filter((input) => input.assignmentId !== undefined && emulator.reprocessCount(input.assignmentId) > 0).length,
      parkedByReason,
      deadLettered: deadLettered.length,
      deadLetteredTrace: [...deadRoots].map(trace),
      lost,
      lostTrace: lost.map(trace),
      wrongReason,
      reprocessedTwice: duplicates.reprocessedTwice,
      duplicatesByCause: duplicates.byCause,
      unexplainedDuplicates: duplicates.unexplained,
      duplicateTrace: duplicates.unexplained.map((assignmentId) => trace(rootOfAssignment.get(assignmentId) ?? assignmentId)),
      faults: {
        graphRequests: emulator.requests.length,
        graphFaultRate,
        graph429Storms: storms,
        identityOutages,
        identityOutageMs,
        identityRequests: emulator.identityRequests.length,
        identityRefusals: emulator.identityRefusals,
        identityRenewalsMidRun: midRun.renewed,
        identityRefusalsMidRun: midRun.refused,
        callsWithoutToken,
        amqpSendFaults: amqpFaults,
      },
      deliveries,
      abandoned,
      killed: { inFlight: killed.size, redeliveredAfterLockExpiry, redeliveredEarly, lockDurationMs },
      completedPerConsumer: consumers.map((consumer) => consumer.completed),
      peerErrors: peer.errors.length,
      crashedConsumers: [...crashedConsumers],
      verification: {
        expectedConfirmed: inputs.filter((input) => input.expected === "reprocessed").length,
        expectedParked: inputs.filter((input) => input.expected === "notDeliveredAfterReprocess").length,
        confirmed: inputs.filter(confirmed).length,
        stillFailing: ofOutcome("stillFailing"),
        gaveUp: ofOutcome("gaveUp"),
        parkedNotDelivered: [...parkedReasons.values()].filter((reasons) => reasons.has("notDeliveredAfterReprocess")).length,
        parkedOfExpected: inputs.filter((input) => input.expected === "notDeliveredAfterReprocess" && parkedRoots.has(input.messageId)).length,
        unverified,
      },
      durationMs: Date.now() - started,
      timedOut,
    };
  }
}
