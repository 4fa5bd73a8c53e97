import type { ServiceBusQueueHandler } from "@azure/functions";
import type { ReprocessQueueConfig } from "../../../src/config/reprocessQueueConfig";
import { createReprocessQueueHandler } from "../../../src/functions/reprocessQueue";
import { QueueMessageProcessor } from "../../../src/core/queueMessageProcessor";
import { createServiceBusClient } from "../../../src/serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "../../../src/serviceBus/serviceBusQueueSender";
import { AmqpPeer } from "./amqpPeer";
import { startGraphTestBed, type GraphTestBed, type GraphTestBedOptions } from "../graph/graphTestBed";
import type { PeerMessage } from "./peerMessage";
import { QueueHost } from "../host/queueHost";
import { RecordingTelemetry } from "../recordingTelemetry";
import { TestClock } from "../testClock";

/**
 * A namespace and a connected sender that the tests of one file share: the first send of a new
 * client costs ~150 ms of AMQP set-up, which per test adds up. Each bed on it gets queues of its own.
 */
export interface SharedServiceBus {
  readonly peer: AmqpPeer;
  readonly clock: TestClock;
  readonly sender: ServiceBusQueueSender;
  /** Fresh queue names for the next bed. */
  nextQueues(): Pick<ReprocessQueueConfig, "queueName" | "parkedQueueName">;
  close(): Promise<void>;
}

export interface QueueTestBedOptions extends GraphTestBedOptions {
  readonly queue?: Partial<ReprocessQueueConfig>;
  /** Runs on this namespace, with queues of its own, instead of starting one. */
  readonly serviceBus?: SharedServiceBus;
  readonly maxDeliveryCount?: number;
  /** Default true, as deployed; property tests that reuse ids turn it off to count every send. */
  readonly duplicateDetection?: boolean;
  readonly maxConcurrentCalls?: number;
  readonly random?: () => number;
}

export interface QueueTestBed {
  readonly graph: GraphTestBed;
  readonly peer: AmqpPeer;
  readonly clock: TestClock;
  readonly sender: ServiceBusQueueSender;
  readonly telemetry: RecordingTelemetry;
  readonly queue: ReprocessQueueConfig;
  readonly processor: QueueMessageProcessor;
  readonly handler: ServiceBusQueueHandler;
  readonly host: QueueHost;
  /** What is in the work queue (scheduled copies included). */
  work(): PeerMessage[];
  parked(): PeerMessage[];
  close(): Promise<void>;
}

/** Fast retries, few attempts: what the queue tests exercise, without minutes of backoff. */
export const testQueueConfig: ReprocessQueueConfig = {
  queueName: "reprocess",
  parkedQueueName: "reprocess-parked",
  maxAttempts: 5,
  retryBackoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  // Off unless a test turns it on: most queue tests count what a message sends, and a verify would be one more.
  verification: undefined,
};

/** Verification as the verify tests run it: first read a minute after the 202, bound one hour. */
export const testVerification = { afterMs: 60_000, maxMs: 3_600_000, maxIntervalMs: 900_000 } as const;

// A failed send must fail now, not after the SDK's 3 × 30 s of retries.
const failFast = { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } };
const day = 24 * 60 * 60 * 1000;

function createSender(peer: AmqpPeer): ServiceBusQueueSender {
  return new ServiceBusQueueSender(() =>
    createServiceBusClient({ kind: "connectionString", connectionString: peer.connectionString, endpoint: `127.0.0.1:${peer.port}` }, { getToken: () => Promise.resolve(null) }, failFast),
  );
}

/** A namespace that creates queues on first use (duplicate detection on, 10 minutes), and a sender on it. */
export async function startSharedServiceBus(): Promise<SharedServiceBus> {
  const clock = new TestClock();
  const peer = await AmqpPeer.start({ now: clock.now });
  const sender = createSender(peer);
  let beds = 0;
  return {
    peer,
    clock,
    sender,
    nextQueues: () => {
      beds += 1;
      return { queueName: `reprocess-${beds}`, parkedQueueName: `reprocess-parked-${beds}` };
    },
    close: async () => {
      await sender.close();
      await peer.close();
    },
  };
}

/**
 * The whole queue path over real sockets: the Graph emulator and production Graph client, the
 * AMQP peer as the namespace (its clock the test clock), the production Service Bus sender and
 * queue processor, and the queue trigger's handler driven by a host-like QueueHost.
 */
export async function startQueueTestBed(options: QueueTestBedOptions = {}): Promise<QueueTestBed> {
  const shared = options.serviceBus;
  const queue: ReprocessQueueConfig = { ...testQueueConfig, ...shared?.nextQueues(), ...options.queue };
  const graph = await startGraphTestBed(options);
  const clock = shared?.clock ?? new TestClock();
  const peer =
    shared?.peer ??
    (await AmqpPeer.start({
      now: clock.now,
      // Long enough that advancing the clock through every retry never forgets an id.
      queues: [queue.queueName, queue.parkedQueueName].map((name) => ({ name, duplicateDetection: options.duplicateDetection ?? true, duplicateDetectionWindowMs: day, maxDeliveryCount: options.maxDeliveryCount ?? 10 })),
    }));
  const sender = shared?.sender ?? createSender(peer);
  const telemetry = new RecordingTelemetry();
  const processor = new QueueMessageProcessor({
    reprocessor: graph.reprocessor,
    graph: graph.client,
    sender,
    telemetry,
    cloud: "Global",
    queue,
    now: clock.now,
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  const handler = createReprocessQueueHandler({ queueProcessor: processor });
  const host = new QueueHost({
    peer,
    queueName: queue.queueName,
    handler,
    clock,
    ...(options.maxConcurrentCalls === undefined ? {} : { maxConcurrentCalls: options.maxConcurrentCalls }),
    ...(options.maxDeliveryCount === undefined ? {} : { maxDeliveryCount: options.maxDeliveryCount }),
  });
  return {
    graph,
    peer,
    clock,
    sender,
    telemetry,
    queue,
    processor,
    handler,
    host,
    work: () => peer.messages(queue.queueName),
    parked: () => peer.messages(queue.parkedQueueName),
    close: async () => {
      if (shared === undefined) {
        await sender.close();
        await peer.close();
      }
      await graph.close();
    },
  };
}
