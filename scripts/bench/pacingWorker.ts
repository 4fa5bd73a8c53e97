// Worker for the pacing section: the Graph client with and without the adaptive limiter, each
// against a fresh emulator enforcing the same token bucket, with the same concurrency and inline
// retries, for the same time. What Graph accepted and what it throttled are counted by the emulator.
import { benchServices, compiledApp } from "./benchServices";
import { EmulatorChild } from "./emulatorChild";

export interface PacingRun {
  readonly elapsedMs: number;
  readonly reprocessed: number;
  readonly throttled: number;
  /** Calls whose outcome was not accepted (throttled beyond the inline budget, or failed). */
  readonly notAccepted: number;
}

export interface PacingWorkerResult {
  readonly paced: PacingRun;
  readonly unpaced: PacingRun;
}

async function run(paced: boolean, abortSignal: AbortSignal): Promise<PacingRun> {
  const seconds = Number(process.env.BENCH_PACING_SECONDS ?? "60");
  const requestsPerSecond = Number(process.env.BENCH_PACING_RPS ?? "100");
  const burst = Number(process.env.BENCH_PACING_BURST ?? "10");
  const concurrency = Number(process.env.BENCH_PACING_CONCURRENCY ?? "16");
  const emulator = await EmulatorChild.start({ assignments: 2_000, abortSignal });
  try {
    emulator.send({ type: "setRateLimit", limit: { requestsPerSecond, burst } });
    // The production composition supplies config and credential; the client is built here so the
    // baseline differs from ours only in having no limiter.
    const { config } = benchServices(emulator.endpoints);
    const app = compiledApp();
    const graph = new app.graphClient.GraphClient({
      baseUrl: config.graph.baseUrl,
      scope: config.graph.scope,
      credential: app.credential.createCredential(config.credential),
      inlineRetryBudgetMs: config.graph.inlineRetryBudgetMs,
      maxInlineRetries: config.graph.maxInlineRetries,
      requestTimeoutMs: config.graph.requestTimeoutMs,
      ...(paced ? { rateLimiter: new app.adaptiveRateLimiter.AdaptiveRateLimiter({ maxWaitMs: config.graph.inlineRetryBudgetMs }) } : {}),
    });
    const reprocessor = new app.assignmentReprocessor.AssignmentReprocessor(graph, { checkStateFirst: false });
    const ids = emulator.endpoints.assignmentIds;
    let next = 0;
    let notAccepted = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const id = ids[next++ % ids.length] ?? "";
          const outcome = await reprocessor.reprocess(id, { checkState: false, abortSignal });
          if (outcome.kind !== "accepted") notAccepted += 1;
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const stats = await emulator.stats(abortSignal);
    return { elapsedMs, reprocessed: stats.reprocessed, throttled: stats.throttled, notAccepted };
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const abortSignal = AbortSignal.timeout(20 * 60_000);
  const result: PacingWorkerResult = { paced: await run(true, abortSignal), unpaced: await run(false, abortSignal) };
  process.send?.(result);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
