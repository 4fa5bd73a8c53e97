// Worker for the bulk section: one run (ours or the naive baseline) in a fresh process. The Graph
// emulator, enforcing a token bucket on reprocess calls, runs in a process of its own so its work
// does not share this event loop; the AMQP peer and the host-like driver run here, as the broker's
// client library and the Functions host would run beside the handler.
import type { ServiceBusQueueHandler } from "@azure/functions";
import type { ReprocessMessage } from "../../src/queue/queueMessage";
import { AmqpPeer } from "../../test/support/amqp/amqpPeer";
import type { PeerMessage } from "../../test/support/amqp/peerMessage";
import { QueueHost } from "../../test/support/host/queueHost";
import { TestClock } from "../../test/support/testClock";
import type { RateLimit } from "../../test/support/graph/tokenBucket";
import { emulatorAppSettings } from "./benchServices";
import { compiledOrSourceApp } from "./appModules";
import { EmulatorChild } from "./emulatorChild";
import { runAsWorker } from "./runAsWorker";

export type BulkVariant = "ours" | "baseline";

export interface BulkRunResult {
  readonly variant: BulkVariant;
  readonly assignments: number;
  readonly limit: RateLimit;
  readonly durationMs: number;
  /** Reprocess calls that reached the emulator: accepted plus throttled (every assignment is delivered). */
  readonly calls: number;
  readonly accepted: number;
  readonly throttled: number;
  /** Delivered assignments never reprocessed, not parked (dead-lettered ones included). */
  readonly lost: number;
  /** Assignments reprocessed more than once. */
  readonly duplicates: number;
  readonly parked: number;
  /** Messages the host dead-lettered after the max delivery count (counted in `lost`). */
  readonly deadLettered: number;
  readonly invocations: number;
  readonly failedInvocations: number;
  /** Reprocesses the emulator accepted in each whole second of the run. */
  readonly acceptedPerSecond: readonly number[];
  /** 429s the emulator answered in each whole second of the run. */
  readonly throttledPerSecond: readonly number[];
}

function assignmentOf(message: unknown): string {
  const body = message as Partial<ReprocessMessage> | undefined;
  if (typeof body?.assignmentId !== "string") throw new TypeError("not a reprocess message");
  return body.assignmentId;
}

function parkedAssignment(message: PeerMessage): string | undefined {
  const json = message.body.kind === "data" ? (message.body.json as { assignmentId?: unknown } | undefined) : undefined;
  return typeof json?.assignmentId === "string" ? json.assignmentId : undefined;
}

async function main(): Promise<void> {
  const variant = (process.env.BENCH_VARIANT ?? "ours") as BulkVariant;
  const count = Number(process.env.BENCH_ASSIGNMENTS ?? "10000");
  const limit = JSON.parse(process.env.BENCH_RATE_LIMIT ?? "") as RateLimit;
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? "16");
  const abortSignal = AbortSignal.timeout(Number(process.env.BENCH_TIMEOUT_MS ?? String(20 * 60_000)));
  const modules = compiledOrSourceApp();
  const queueName = "reprocess";
  const parkedQueueName = "reprocess-parked";
  // Scheduled copies wait on this clock; the driver advances it in step with the wall clock.
  const clock = new TestClock(Date.now());
  const peer = await AmqpPeer.start({
    now: clock.now,
    queues: [queueName, parkedQueueName].map((name) => ({ name, duplicateDetection: true, duplicateDetectionWindowMs: 24 * 60 * 60_000, maxDeliveryCount: 10 })),
  });
  const emulator = await EmulatorChild.start({ assignments: count, abortSignal });
  try {
    const { endpoints } = emulator;
    const env = emulatorAppSettings(endpoints, {
      ServiceBusConnection: peer.connectionString,
      REPROCESS_QUEUE_NAME: queueName,
      REPROCESS_PARKED_QUEUE_NAME: parkedQueueName,
    });
    const config = modules.appConfig.loadAppConfig(env);
    const services = modules.appServices.createAppServices(config, { now: clock.now, serviceBusRetryOptions: { maxRetries: 0, timeoutInMs: 5_000 } });
    let handler: ServiceBusQueueHandler;
    if (variant === "ours") {
      handler = modules.reprocessQueue.createReprocessQueueHandler(services);
    } else {
      // What the host does by itself: one call per delivery, no pacing, no inline retry, and a
      // throw on any failure, so the message comes straight back until its delivery count runs out.
      const graph = new modules.graphClient.GraphClient({
        baseUrl: config.graph.baseUrl,
        scope: config.graph.scope,
        credential: modules.createCredential.createCredential(config.credential),
        inlineRetryBudgetMs: 0,
        maxInlineRetries: 0,
        requestTimeoutMs: config.graph.requestTimeoutMs,
      });
      handler = async (message) => {
        const answer = await graph.reprocessAssignment(assignmentOf(message), { abortSignal: AbortSignal.timeout(60_000) });
        if (!answer.ok) throw answer.error;
      };
    }
    const ids = endpoints.assignmentIds;
    const batch = modules.batchMessages.batchMessages("bench-bulk", { kind: "ids", assignmentIds: ids, rejected: [] });
    for (const message of batch) {
      if (peer.enqueue(queueName, { body: message.body, messageId: message.messageId, applicationProperties: { ...message.applicationProperties } }) === undefined) {
        throw new Error(`the peer refused ${message.messageId}`);
      }
    }
    const host = new QueueHost({ peer, queueName, handler, clock, maxConcurrentCalls: concurrency, maxDeliveryCount: 10 });
    emulator.send({ type: "setRateLimit", limit });
    const started = performance.now();
    await host.runUntilIdleInRealTime({ abortSignal });
    const durationMs = performance.now() - started;
    const stats = await emulator.stats(abortSignal);
    const { counts } = await emulator.reprocessCounts(abortSignal);
    const parked = new Set(peer.messages(parkedQueueName).map(parkedAssignment));
    const lost = ids.filter((id) => (counts[id] ?? 0) === 0 && !parked.has(id)).length;
    const duplicates = Object.values(counts).filter((times) => times > 1).length;
    if (peer.messages(queueName).length > 0) throw new Error("the work queue was not empty when the host went idle");
    const result: BulkRunResult = {
      variant,
      assignments: ids.length,
      limit,
      durationMs,
      calls: stats.reprocessed + stats.throttled,
      accepted: stats.reprocessed,
      throttled: stats.throttled,
      lost,
      duplicates,
      parked: parked.size,
      deadLettered: host.deadLettered.length,
      invocations: host.invocations.length,
      failedInvocations: host.failed.length,
      acceptedPerSecond: stats.acceptedPerSecond,
      throttledPerSecond: stats.throttledPerSecond,
    };
    await services.close();
    process.send?.(result);
  } finally {
    await emulator.close();
    await peer.close();
  }
}

runAsWorker(main);
