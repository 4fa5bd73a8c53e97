// Worker for one cell of the scale section: several app instances competing for one Graph limit,
// isolated in this one process. Each instance has what an instance in Azure has of its own (app
// services: credential, paced Graph client and its limiter, queue processor, Service Bus sender
// and its AMQP connection) and its own `concurrency` invocations, all of them consuming one queue
// of the AMQP test peer; the Graph emulator (one token bucket: the app-and-tenant limit) runs in a
// process of its own. Why in-process, not a process per instance: docs/performance.md ("Scale").
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceBusQueueHandler } from "@azure/functions";
import { AmqpPeer } from "../../test/support/amqp/amqpPeer";
import type { PeerMessage } from "../../test/support/amqp/peerMessage";
import { createInvocationContext } from "../../test/support/host/functionInvocation";
import { TestClock } from "../../test/support/testClock";
import type { RateLimit } from "../../test/support/graph/tokenBucket";
import { emulatorAppSettings } from "./benchServices";
import { compiledOrSourceApp } from "./appModules";
import { EmulatorChild } from "./emulatorChild";
import { runAsWorker } from "./runAsWorker";

export interface BulkScaleRunResult {
  readonly instances: number;
  readonly assignments: number;
  readonly limit: RateLimit;
  readonly durationMs: number;
  readonly calls: number;
  readonly accepted: number;
  readonly throttled: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly parked: number;
  readonly deadLettered: number;
  /** Messages each instance completed: how fairly they shared the limit. */
  readonly completedByInstance: readonly number[];
  /** Reprocesses the emulator accepted per tenth of a second of the run. */
  readonly acceptedPerTenth: readonly number[];
  /** This event loop's delay while the run went on: how much the instances starved for CPU. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** CPU this process used over the run, as a fraction of one core. */
  readonly cpuFraction: number;
}

const maxDeliveryCount = 10;

function parkedAssignment(message: PeerMessage): string | undefined {
  const json = message.body.kind === "data" ? (message.body.json as { assignmentId?: unknown } | undefined) : undefined;
  return typeof json?.assignmentId === "string" ? json.assignmentId : undefined;
}

/** The message body as the host hands it to a Node handler (every bench message is JSON). */
function hostBody(message: PeerMessage): unknown {
  return message.body.kind === "data" ? (message.body.json ?? message.body.raw) : undefined;
}

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_ASSIGNMENTS ?? "2000");
  const instances = Number(process.env.BENCH_INSTANCES ?? "1");
  const limit = JSON.parse(process.env.BENCH_RATE_LIMIT ?? "") as RateLimit;
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? "16");
  const abortSignal = AbortSignal.timeout(Number(process.env.BENCH_TIMEOUT_MS ?? String(20 * 60_000)));
  const modules = compiledOrSourceApp();
  const queueName = "reprocess";
  const parkedQueueName = "reprocess-parked";
  const clock = new TestClock(Date.now());
  const peer = await AmqpPeer.start({
    now: clock.now,
    queues: [queueName, parkedQueueName].map((name) => ({ name, duplicateDetection: true, duplicateDetectionWindowMs: 24 * 60 * 60_000, maxDeliveryCount })),
  });
  const emulator = await EmulatorChild.start({ assignments: count, abortSignal });
  try {
    const env = emulatorAppSettings(emulator.endpoints, { ServiceBusConnection: peer.connectionString, REPROCESS_QUEUE_NAME: queueName, REPROCESS_PARKED_QUEUE_NAME: parkedQueueName });
    const config = modules.appConfig.loadAppConfig(env);
    const apps = Array.from({ length: instances }, () => modules.appServices.createAppServices(config, { now: clock.now, serviceBusRetryOptions: { maxRetries: 0, timeoutInMs: 5_000 } }));
    const handlers: ServiceBusQueueHandler[] = apps.map((services) => modules.reprocessQueue.createReprocessQueueHandler(services));
    const ids = emulator.endpoints.assignmentIds;
    for (const message of modules.batchMessages.batchMessages("bench-scale", { kind: "ids", assignmentIds: ids, rejected: [] })) {
      if (peer.enqueue(queueName, { body: message.body, messageId: message.messageId, applicationProperties: { ...message.applicationProperties } }) === undefined) {
        throw new Error(`the peer refused ${message.messageId}`);
      }
    }
    // Competing consumers, as instances of one Functions app on one queue: whichever invocation
    // slot is free takes the next message due, redeliveries (after a throw) first.
    const completedByInstance = Array<number>(instances).fill(0);
    const redeliveries: PeerMessage[] = [];
    const deadLettered: PeerMessage[] = [];
    let ready: PeerMessage[] = [];
    let head = 0;
    let inFlight = 0;
    let syncedMs = performance.now();
    const refill = (): void => {
      const nowMs = performance.now();
      clock.advance(nowMs - syncedMs);
      syncedMs = nowMs;
      ready = [...ready.slice(head), ...redeliveries.splice(0), ...peer.takeDue(queueName, clock.now())];
      head = 0;
    };
    const invoke = async (instance: number, message: PeerMessage): Promise<void> => {
      const { context } = createInvocationContext({
        functionName: "reprocessQueue",
        triggerMetadata: { messageId: message.messageId, deliveryCount: message.deliveryCount, enqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(), applicationProperties: message.applicationProperties },
      });
      try {
        await handlers[instance]?.(hostBody(message), context);
        completedByInstance[instance] = (completedByInstance[instance] ?? 0) + 1;
      } catch {
        if (message.deliveryCount >= maxDeliveryCount) deadLettered.push(message);
        else redeliveries.push({ ...message, deliveryCount: message.deliveryCount + 1 });
      }
    };
    const worker = async (instance: number): Promise<void> => {
      for (;;) {
        abortSignal.throwIfAborted();
        if (head >= ready.length) refill();
        const message = ready[head];
        if (message !== undefined) {
          head += 1;
          inFlight += 1;
          try {
            await invoke(instance, message);
          } finally {
            inFlight -= 1;
          }
          continue;
        }
        if (inFlight === 0 && redeliveries.length === 0 && !peer.messages(queueName).some((queued) => queued.state === "scheduled")) return;
        await sleep(10, undefined, { signal: abortSignal });
      }
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    emulator.send({ type: "setRateLimit", limit });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    loopDelay.enable();
    await Promise.all(Array.from({ length: instances * concurrency }, (_, slot) => worker(slot % instances)));
    loopDelay.disable();
    const durationMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const stats = await emulator.stats(abortSignal);
    const { counts } = await emulator.reprocessCounts(abortSignal);
    const parked = new Set(peer.messages(parkedQueueName).map(parkedAssignment));
    const result: BulkScaleRunResult = {
      instances,
      assignments: ids.length,
      limit,
      durationMs,
      calls: stats.reprocessed + stats.throttled,
      accepted: stats.reprocessed,
      throttled: stats.throttled,
      lost: ids.filter((id) => (counts[id] ?? 0) === 0 && !parked.has(id)).length,
      duplicates: Object.values(counts).filter((times) => times > 1).length,
      parked: parked.size,
      deadLettered: deadLettered.length,
      completedByInstance,
      acceptedPerTenth: stats.acceptedPerTenth,
      eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: loopDelay.max / 1e6,
      cpuFraction: (cpu.user + cpu.system) / 1000 / durationMs,
    };
    await Promise.all(apps.map((services) => services.close()));
    process.send?.(result);
  } finally {
    await emulator.close();
    await peer.close();
  }
}

runAsWorker(main);
