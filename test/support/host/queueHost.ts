import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceBusQueueHandler } from "@azure/functions";
import type { AmqpPeer } from "../amqp/amqpPeer";
import { createInvocationContext, type CapturedLog } from "./functionInvocation";
import type { PeerMessage } from "../amqp/peerMessage";
import type { TestClock } from "../testClock";

export interface QueueHostOptions {
  readonly peer: AmqpPeer;
  readonly queueName: string;
  readonly handler: ServiceBusQueueHandler;
  readonly clock: TestClock;
  /** host.json extensions.serviceBus.maxConcurrentCalls. Default 16, as the app's host.json says. */
  readonly maxConcurrentCalls?: number;
  /** The queue's max delivery count: past it a failing message is dead-lettered. Default 10. */
  readonly maxDeliveryCount?: number;
}

export interface HostInvocation {
  readonly message: PeerMessage;
  readonly result: "completed" | "failed";
  readonly error: unknown;
  readonly logs: readonly CapturedLog[];
}

export interface RunUntilIdleOptions {
  /** Rounds of delivery before giving up as "never idle". Default 1000. */
  readonly maxRounds?: number;
}

export interface RunInRealTimeOptions {
  readonly abortSignal: AbortSignal;
  /** How often an idle host looks for messages that fell due. Default 10 ms. */
  readonly pollMs?: number;
}

/**
 * Drives a Service Bus queue handler the way the Functions host does, from the AmqpPeer's queue:
 * takes the messages due on the test clock, invokes the handler with a real InvocationContext
 * and the trigger metadata the host supplies, at most `maxConcurrentCalls` at a time; completes a
 * message when the handler returns, and delivers it again (delivery count + 1) when it throws,
 * until the max delivery count dead-letters it. Nothing sleeps: when only scheduled messages are
 * left, the clock jumps to the earliest.
 */
export class QueueHost {
  readonly invocations: HostInvocation[] = [];
  readonly deadLettered: PeerMessage[] = [];
  readonly #options: QueueHostOptions;
  readonly #redeliveries: PeerMessage[] = [];

  constructor(options: QueueHostOptions) {
    this.#options = options;
  }

  get completed(): PeerMessage[] {
    return this.invocations.filter((invocation) => invocation.result === "completed").map((invocation) => invocation.message);
  }

  get failed(): HostInvocation[] {
    return this.invocations.filter((invocation) => invocation.result === "failed");
  }

  /** Delivers every message due now (and pending redeliveries) once; returns how many. */
  async deliverDue(): Promise<number> {
    const { peer, queueName, clock } = this.#options;
    const due = [...this.#redeliveries.splice(0), ...peer.takeDue(queueName, clock.now())];
    await this.#invokeAll(due);
    return due.length;
  }

  /** Delivers until the queue holds nothing, scheduled messages included. */
  async runUntilIdle(options: RunUntilIdleOptions = {}): Promise<void> {
    const { peer, queueName, clock } = this.#options;
    const maxRounds = options.maxRounds ?? 1_000;
    for (let round = 0; round < maxRounds; round += 1) {
      if ((await this.deliverDue()) > 0) continue;
      const scheduled = peer
        .messages(queueName)
        .filter((message) => message.state === "scheduled")
        .map((message) => message.enqueuedTimeUtc.getTime());
      if (scheduled.length === 0) return;
      clock.set(Math.min(...scheduled));
    }
    throw new Error(`The queue ${queueName} was not idle after ${maxRounds} rounds.`);
  }

  /**
   * Delivers until the queue holds nothing, as the host does under load: `maxConcurrentCalls`
   * invocations always in flight (a slot is refilled as soon as one ends, with no rounds), and the
   * test clock advanced in step with the wall clock, so a scheduled copy waits its real time. For
   * benchmarks, where the time spent waiting is the figure.
   */
  async runUntilIdleInRealTime(options: RunInRealTimeOptions): Promise<void> {
    const { peer, queueName, clock } = this.#options;
    const { abortSignal } = options;
    const pollMs = options.pollMs ?? 10;
    let syncedMs = performance.now();
    let ready: PeerMessage[] = [];
    let head = 0;
    let inFlight = 0;
    const refill = (): void => {
      const nowMs = performance.now();
      clock.advance(nowMs - syncedMs);
      syncedMs = nowMs;
      // An index into the batch, not shift(): ten thousand messages due at once made shift() quadratic.
      ready = [...ready.slice(head), ...this.#redeliveries.splice(0), ...peer.takeDue(queueName, clock.now())];
      head = 0;
    };
    const worker = async (): Promise<void> => {
      for (;;) {
        abortSignal.throwIfAborted();
        if (head >= ready.length) refill();
        const message = ready[head];
        if (message !== undefined) {
          head += 1;
          inFlight += 1;
          try {
            await this.invoke(message);
          } finally {
            inFlight -= 1;
          }
          continue;
        }
        // Nothing due: idle only when nothing in flight can still schedule or redeliver a message.
        if (inFlight === 0 && !peer.messages(queueName).some((queued) => queued.state === "scheduled")) return;
        await sleep(pollMs, undefined, { signal: abortSignal });
      }
    };
    await Promise.all(Array.from({ length: this.#options.maxConcurrentCalls ?? 16 }, worker));
  }

  /** One invocation of one message, as the host would make it. */
  async invoke(message: PeerMessage): Promise<HostInvocation> {
    const { context, logs } = createInvocationContext({
      functionName: "reprocessQueue",
      triggerMetadata: {
        messageId: message.messageId,
        deliveryCount: message.deliveryCount,
        enqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(),
        sequenceNumber: message.sequenceNumber,
        contentType: message.contentType,
        applicationProperties: message.applicationProperties,
      },
    });
    let invocation: HostInvocation;
    try {
      await this.#options.handler(hostBody(message), context);
      invocation = { message, result: "completed", error: undefined, logs };
    } catch (error) {
      invocation = { message, result: "failed", error, logs };
      if (message.deliveryCount >= (this.#options.maxDeliveryCount ?? 10)) this.deadLettered.push(message);
      else this.#redeliveries.push({ ...message, deliveryCount: message.deliveryCount + 1 });
    }
    this.invocations.push(invocation);
    return invocation;
  }

  async #invokeAll(messages: readonly PeerMessage[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < messages.length) {
        const message = messages[next++];
        if (message !== undefined) await this.invoke(message);
      }
    };
    const workers = Math.min(this.#options.maxConcurrentCalls ?? 16, messages.length);
    await Promise.all(Array.from({ length: workers }, worker));
  }
}

/** What the host hands a Node handler: JSON decoded, text as a string, anything else a Buffer. */
function hostBody(message: PeerMessage): unknown {
  const { body } = message;
  switch (body.kind) {
    case "data":
      if (body.json !== undefined) return body.json;
      return message.contentType?.startsWith("text/") === true ? body.raw.toString("utf8") : body.raw;
    case "value":
      return body.value;
    case "sequence":
      return body.value;
    case "none":
      return undefined;
  }
}
