import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { AmqpPeer } from "./amqpPeer";
import { acceleratedClock, type ChaosConsumerEvent, type ChaosConsumerSettings } from "./chaosConsumerProtocol";
import { deterministicGuid } from "./deterministicGuid";
import type { EmulatedAssignment } from "./emulatedAssignment";
import type { Fault } from "./fault";
import { GraphEmulator } from "./graphEmulator";
import type { PeerMessage } from "./peerMessage";
import { seededRandom } from "./seededRandom";
import { testCertificate } from "./testCertificate";

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

/** Why a message that Graph did reprocess more than once had to be. */
export interface ExplainedDuplicates {
  /** In flight in the killed consumer with Graph's 202 (or a retry copy) already behind it. */
  readonly killedInFlight: readonly string[];
  /** Graph answered 202 to a call the client saw fail (the answer came after its timeout): the client could only ask again. */
  readonly answeredToNobody: readonly string[];
  /** Graph accepted, but the consumer stalled past its lock and the broker refused the completion. */
  readonly completionLost: readonly string[];
  /** The handler threw for a failed send whose message the broker had in fact stored: redelivery and copy both run. */
  readonly sendOutcomeLost: readonly string[];
}

export interface QueueChaosFigures {
  readonly messagesIn: number;
  readonly expectedReprocessed: number;
  /** Assignments Graph reprocessed at least once. */
  readonly reprocessed: number;
  readonly parkedByReason: Readonly<Record<string, number>>;
  readonly deadLettered: number;
  readonly lost: readonly string[];
  /** For each lost message: every id of its family the work and parked queues ever stored, and its deliveries. */
  readonly lostTrace: readonly string[];
  /** Parked with a reason other than its own (or attemptsExhausted, for a transient failure that outlasted every attempt). */
  readonly wrongReason: readonly string[];
  /** Extra reprocess calls Graph carried out, per assignment reprocessed more than once. */
  readonly reprocessedTwice: readonly string[];
  readonly explained: ExplainedDuplicates;
  /** Duplicates neither explanation covers: must be empty. */
  readonly unexplainedDuplicates: readonly string[];
  /** Faults injected, by layer. */
  readonly faults: {
    readonly graphRequests: number;
    readonly graphFaultRate: number;
    readonly graph429Storms: number;
    readonly identityFailures: number;
    readonly amqpSendFaults: number;
  };
  readonly deliveries: number;
  readonly abandoned: number;
  readonly killed: { readonly inFlight: number; readonly redeliveredAfterLockExpiry: number; readonly redeliveredEarly: number; readonly lockDurationMs: number };
  /** Messages each consumer process completed: both compete for the one queue. */
  readonly completedPerConsumer: readonly number[];
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

interface InputMessage {
  readonly messageId: string;
  readonly assignmentId: string | undefined;
  readonly expected: "reprocessed" | "notDelivered" | "notFound" | "invalidId" | "malformed";
  readonly body: unknown;
}

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
      emulated.push({ id, state: "delivered", accessPackageId: deterministicGuid("accessPackage", 80, 0), targetObjectId: deterministicGuid("target", 80, index) });
      messages.push({ messageId, assignmentId: id, expected: "reprocessed", body: { type: "reprocess", assignmentId: id } });
    }
  }
  return messages;
}

/** The input message a copy descends from: retry copies and parked copies extend its id. */
function rootMessageId(messageId: string): string {
  return messageId.replace(/:attempt:\d+$/, "").replace(/:parked$/, "").replace(/:attempt:\d+$/, "");
}

/** A message's attempt, read from its id: a retry copy ends in `:attempt:{n}`, the original is 1. */
function attemptOf(messageId: string): number {
  const match = /:attempt:(\d+)(?::parked)?$/.exec(messageId);
  return match?.[1] === undefined ? 1 : Number(match[1]);
}

interface Consumer {
  readonly index: number;
  readonly child: ChildProcess;
  /** messageId → wall time its lock ends, for messages locked and not yet settled. */
  readonly inFlight: Map<string, number>;
  completed: number;
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
  const queueName = "reprocess";
  const parkedQueueName = "reprocess-parked";
  const emulator = await GraphEmulator.start({ assignments: emulated });
  const peer = await AmqpPeer.start({
    now,
    queues: [queueName, parkedQueueName].map((name) => ({ name, duplicateDetectionWindowMs: day, lockDurationMs, maxDeliveryCount: 10, releaseLocksOnDetach: false })),
  });
  emulator.setFaultRate({ rate: graphFaultRate, faults: [...graphFaults], seed: options.seed });
  const consumers: Consumer[] = [];
  const lockedAgain = new Map<string, number>();
  const completionLost: string[] = [];
  const succeededReprocessCalls = new Set<string>();
  const deliveryLog = new Map<string, string[]>();
  const abandonedMessages: string[] = [];
  let deliveries = 0;
  let abandoned = 0;
  let storms = 0;
  let amqpFaults = 0;
  let identityFailures = 0;
  let killing = false;
  let killed: { inFlight: Map<string, number>; explained: string[] } | undefined;

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

  const onEvent = (consumer: Consumer, event: ChaosConsumerEvent): void => {
    switch (event.kind) {
      case "ready":
        return;
      case "locked":
        deliveries += 1;
        consumer.inFlight.set(event.messageId, event.lockedUntilMs);
        deliveryLog.set(rootMessageId(event.messageId), [...(deliveryLog.get(rootMessageId(event.messageId)) ?? []), `${event.messageId}#${event.deliveryCount}@${consumer.index}`]);
        if (killing && !lockedAgain.has(event.messageId)) lockedAgain.set(event.messageId, Date.now());
        // AMQP faults: one refused or dropped send to the work queue (the retry copy is the app's
        // schedule) or to the parked queue in every ten deliveries.
        if (deliveries % 10 === 0) {
          peer.failNext({ operation: "send", queue: random() < 0.5 ? queueName : parkedQueueName, mode: random() < 0.5 ? "reject" : "drop" });
          amqpFaults += 1;
        }
        // A 429 storm (every Graph request throttled for a while) two or three times a run.
        if (deliveries % Math.floor(options.messages * 0.8) === 0) {
          emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 1 }, times: 30 });
          storms += 1;
        }
        maybeKill();
        return;
      case "completed":
        deliveryLog.set(rootMessageId(event.messageId), [...(deliveryLog.get(rootMessageId(event.messageId)) ?? []), `done:${event.messageId}@${consumer.index}`]);
        consumer.completed += 1;
        consumer.inFlight.delete(event.messageId);
        return;
      case "reprocessCallEnded":
        if (event.succeeded) succeededReprocessCalls.add(event.clientRequestId);
        return;
      case "completionLost":
        consumer.inFlight.delete(event.messageId);
        completionLost.push(event.messageId);
        return;
      case "abandoned":
        abandoned += 1;
        deliveryLog.set(rootMessageId(event.messageId), [...(deliveryLog.get(rootMessageId(event.messageId)) ?? []), `threw:${event.messageId}@${consumer.index}:${event.error.slice(0, 80)}`]);
        abandonedMessages.push(event.messageId);
        consumer.inFlight.delete(event.messageId);
        return;
    }
  };

  const start = async (): Promise<Consumer> => {
    // Every process starts without a token: the identity endpoint refuses its first requests.
    emulator.failIdentity({ status: 400, times: 2 });
    identityFailures += 2;
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
        if (signal !== "SIGKILL") reject(new Error(`chaos consumer ${consumer.index} exited with ${code ?? signal ?? "?"}`));
      });
    });
    return consumer;
  };

  const maybeKill = (): void => {
    const victim = consumers[0];
    if (killing || victim === undefined || deliveries < options.messages * 0.4 || victim.inFlight.size === 0) return;
    killing = true;
    // Judged once the victim's pipe is drained ("close"): a "locked" report in transit at the
    // kill still counts, and no other consumer can have its messages yet (their locks hold).
    victim.child.once("close", () => {
      // What the victim had in flight, and which of those had already had an effect outside the
      // message (Graph's 202, or a retry copy on the queue): those the redelivery may repeat.
      const inFlight = new Map(victim.inFlight);
      const queued = peer.messages(queueName).map((message) => message.messageId ?? "");
      const byId = new Map(inputs.map((input) => [input.messageId, input]));
      const explained = [...inFlight.keys()].flatMap((messageId) => {
        const root = rootMessageId(messageId);
        const assignmentId = byId.get(root)?.assignmentId;
        if (assignmentId === undefined) return [];
        const copyQueued = queued.some((id) => id !== messageId && rootMessageId(id) === root);
        return emulator.reprocessCount(assignmentId) > 0 || copyQueued ? [assignmentId] : [];
      });
      killed = { inFlight, explained };
    });
    victim.child.kill("SIGKILL");
    void start();
  };

  try {
    for (let index = 0; index < options.consumers; index++) await start();
    for (const input of inputs) {
      peer.enqueue(queueName, { messageId: input.messageId, body: input.body, applicationProperties: { attempt: 1, requestId: "chaos" } });
    }
    let timedOut = false;
    let lastProgress = Date.now();
    while (peer.messages(queueName).length > 0) {
      if (options.progress !== undefined && Date.now() - lastProgress > 5_000) {
        lastProgress = Date.now();
        const left = peer.messages(queueName);
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

  function figures({ timedOut }: { timedOut: boolean }): QueueChaosFigures {
    const parked = peer.messages(parkedQueueName);
    const parkedRoots = new Map(parked.map((message) => [rootMessageId(message.messageId ?? ""), String(message.applicationProperties.reason)]));
    const deadLettered = peer.messages(`${queueName}/$DeadLetterQueue`);
    const deadRoots = new Set(deadLettered.map((message: PeerMessage) => rootMessageId(message.messageId ?? "")));
    const parkedByReason: Record<string, number> = {};
    for (const reason of parkedRoots.values()) parkedByReason[reason] = (parkedByReason[reason] ?? 0) + 1;
    const lost = inputs
      .filter((input) => {
        if (parkedRoots.has(input.messageId) || deadRoots.has(input.messageId)) return false;
        return input.expected !== "reprocessed" || input.assignmentId === undefined || emulator.reprocessCount(input.assignmentId) === 0;
      })
      .map((input) => input.messageId);
    // Graph's 202s the client never saw: all but one for a call it saw succeed (an attempt that
    // timed out, then a retry Graph also accepted), every one for any other call (it failed, or
    // its process died before it ended).
    const acceptedByCall = new Map<string, string[]>();
    for (const request of emulator.requests) {
      if (request.method !== "POST" || request.status !== 202 || request.clientRequestId === undefined) continue;
      acceptedByCall.set(request.clientRequestId, [...(acceptedByCall.get(request.clientRequestId) ?? []), request.path.split("/").at(-2) ?? ""]);
    }
    const answeredToNobody = [...acceptedByCall].flatMap(([clientRequestId, assignments]) => (succeededReprocessCalls.has(clientRequestId) ? assignments.slice(1) : assignments));
    // A handler that threw although its retry copy was stored (the send's answer was lost with a
    // dropped connection): the redelivery does the attempt again, and so does the copy.
    const storedIds = peer.storedMessageIds(queueName);
    const sendOutcomeLost = abandonedMessages.flatMap((messageId) => {
      const root = rootMessageId(messageId);
      const attempt = attemptOf(messageId);
      const copyStored = storedIds.some((id) => rootMessageId(id) === root && attemptOf(id) > attempt);
      const assignmentId = copyStored ? inputs.find((input) => input.messageId === root)?.assignmentId : undefined;
      return assignmentId === undefined ? [] : [assignmentId];
    });
    const killedExplained = killed?.explained ?? [];
    const byMessage = new Map(inputs.map((input) => [input.messageId, input]));
    const lostCompletions = completionLost.flatMap((messageId) => {
      const assignmentId = byMessage.get(rootMessageId(messageId))?.assignmentId;
      return assignmentId === undefined ? [] : [assignmentId];
    });
    const reprocessedTwice: string[] = [];
    const unexplained: string[] = [];
    for (const input of inputs) {
      if (input.assignmentId === undefined) continue;
      const extra = emulator.reprocessCount(input.assignmentId) - 1;
      if (extra <= 0) continue;
      for (let n = 0; n < extra; n++) reprocessedTwice.push(input.assignmentId);
      const allowed =
        answeredToNobody.filter((id) => id === input.assignmentId).length +
        lostCompletions.filter((id) => id === input.assignmentId).length +
        sendOutcomeLost.filter((id) => id === input.assignmentId).length +
        (killedExplained.includes(input.assignmentId) ? 1 : 0);
      if (extra > allowed) unexplained.push(input.assignmentId);
    }
    const redeliveredAfterLockExpiry = [...(killed?.inFlight ?? new Map<string, number>())].filter(([messageId, lockedUntil]) => {
      const again = lockedAgain.get(messageId);
      // Renewals may have extended the lock: never before the lock the message was delivered with.
      return again !== undefined && again >= lockedUntil;
    }).length;
    const redeliveredEarly = [...(killed?.inFlight ?? new Map<string, number>())].filter(([messageId, lockedUntil]) => {
      const again = lockedAgain.get(messageId);
      return again !== undefined && again < lockedUntil;
    }).length;
    const wrongReason = inputs
      .filter((input) => {
        const reason = parkedRoots.get(input.messageId);
        if (reason === undefined) return false;
        return reason !== "attemptsExhausted" && reason !== input.expected;
      })
      .map((input) => input.messageId);
    return {
      messagesIn: inputs.length,
      expectedReprocessed: inputs.filter((input) => input.expected === "reprocessed").length,
      reprocessed: inputs.filter((input) => input.assignmentId !== undefined && emulator.reprocessCount(input.assignmentId) > 0).length,
      parkedByReason,
      deadLettered: deadLettered.length,
      lost,
      reprocessedTwice,
      wrongReason,
      lostTrace: lost.map((messageId) => {
        const family = (queue: string): string => peer.storedMessageIds(queue).filter((id) => rootMessageId(id) === messageId).join(",");
        return `${messageId}: work [${family(queueName)}] parked [${family(parkedQueueName)}] deliveries [${(deliveryLog.get(messageId) ?? []).join(" ")}]`;
      }),
      explained: { killedInFlight: killedExplained, answeredToNobody, completionLost: lostCompletions, sendOutcomeLost },
      unexplainedDuplicates: unexplained,
      faults: {
        graphRequests: emulator.requests.length,
        graphFaultRate,
        graph429Storms: storms,
        identityFailures,
        amqpSendFaults: amqpFaults,
      },
      deliveries,
      abandoned,
      killed: { inFlight: killed?.inFlight.size ?? 0, redeliveredAfterLockExpiry, redeliveredEarly, lockDurationMs },
      completedPerConsumer: consumers.map((consumer) => consumer.completed),
      durationMs: Date.now() - started,
      timedOut,
    };
  }
}
