import type { BenchContext, BenchRow, BenchSection, BenchSectionResult } from "./benchSection";
import type { BulkRunResult, BulkVariant } from "./bulkWorker";
import { runWorker } from "./runWorker";
import { round } from "./statistics";

/** host.json's extensions.serviceBus.maxConcurrentCalls: what one instance of the host runs at once. */
export const hostConcurrency = 16;

/**
 * The emulator's limit: 200 reprocesses a second for 10,000 assignments (~50 s at the limit), more
 * for a larger N so a run stays near 50 s, and never less, so a small N stays short. The burst is a
 * tenth of the rate (a small one: the simulations in docs/performance.md show a bigger burst flatters pacing) and
 * Retry-After a whole second, as Graph and the token bucket answer.
 */
export function bulkRateLimit(n: number): { readonly requestsPerSecond: number; readonly burst: number; readonly retryAfterSeconds: number } {
  const requestsPerSecond = Math.max(200, Math.round(n / 50));
  return { requestsPerSecond, burst: Math.max(1, Math.round(requestsPerSecond / 10)), retryAfterSeconds: 1 };
}

export interface BulkFigures {
  readonly goodputFraction: number;
  readonly throttledFraction: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly parked: number;
  readonly deadLettered: number;
  readonly durationMs: number;
  readonly calls: number;
  readonly accepted: number;
  readonly throttled: number;
  /** Per whole second of the run, from the emulator: where the time went. */
  readonly acceptedPerSecond: readonly number[];
  readonly throttledPerSecond: readonly number[];
}

export function bulkFigures(run: BulkRunResult): BulkFigures {
  const seconds = run.durationMs / 1000;
  return {
    goodputFraction: round(run.accepted / seconds / run.limit.requestsPerSecond, 3),
    throttledFraction: round(run.calls === 0 ? 0 : run.throttled / run.calls, 4),
    lost: run.lost,
    duplicates: run.duplicates,
    parked: run.parked,
    deadLettered: run.deadLettered,
    durationMs: round(run.durationMs, 0),
    calls: run.calls,
    accepted: run.accepted,
    throttled: run.throttled,
    acceptedPerSecond: run.acceptedPerSecond,
    throttledPerSecond: run.throttledPerSecond,
  };
}

export interface BulkRunOptions {
  readonly projectRoot: string;
  readonly n: number;
  /** The compiled app to run; without it the worker runs the TypeScript source (the CI smoke test). */
  readonly distDir?: string;
  readonly abortSignal: AbortSignal;
}

/** One run in a fresh process: a fresh heap, emulator, token bucket and queue for each variant. */
export async function runBulk(options: BulkRunOptions, variant: BulkVariant): Promise<BulkRunResult> {
  return runWorker<BulkRunResult>("bulkWorker.ts", {
    env: {
      BENCH_VARIANT: variant,
      BENCH_ASSIGNMENTS: String(options.n),
      BENCH_RATE_LIMIT: JSON.stringify(bulkRateLimit(options.n)),
      BENCH_CONCURRENCY: String(hostConcurrency),
      NODE_EXTRA_CA_CERTS: `${options.projectRoot}/test/support/certs/localhost.crt`,
      ...(options.distDir === undefined ? {} : { BENCH_DIST: options.distDir }),
    },
    abortSignal: options.abortSignal,
  });
}

/**
 * N delivered assignments through the queue path (AMQP peer → the real queue handler, driven as
 * the host drives it at host.json's concurrency → the Graph emulator's token bucket), ours against
 * the naive baseline, each in a fresh process with a fresh emulator and queue.
 */
export const bulkSection: BenchSection = {
  key: "bulk",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const options: BulkRunOptions = { projectRoot: context.projectRoot, n: context.n, distDir: context.builds.plainDir, abortSignal: context.abortSignal };
    const ours = bulkFigures(await runBulk(options, "ours"));
    const baseline = bulkFigures(await runBulk(options, "baseline"));
    const { requestsPerSecond, burst } = bulkRateLimit(context.n);
    const label = `${context.n} via the queue, ${hostConcurrency} concurrent, limit ${requestsPerSecond}/s burst ${burst}`;
    const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
    const rows: BenchRow[] = [
      { measure: `bulk goodput of the limit, ${label}`, ours: percent(ours.goodputFraction), baseline: percent(baseline.goodputFraction), figure: percent(ours.goodputFraction), target: "≥ 90%" },
      { measure: "bulk 429s of Graph calls", ours: `${percent(ours.throttledFraction)} of ${ours.calls}`, baseline: `${percent(baseline.throttledFraction)} of ${baseline.calls}`, figure: percent(ours.throttledFraction), target: "≤ 5%" },
      { measure: "bulk lost (baseline: dead-lettered)", ours: String(ours.lost), baseline: String(baseline.lost), figure: String(ours.lost), target: "0" },
      { measure: "bulk reprocessed twice", ours: String(ours.duplicates), baseline: String(baseline.duplicates), figure: String(ours.duplicates), target: "0" },
      { measure: "bulk duration (s)", ours: (ours.durationMs / 1000).toFixed(1), baseline: (baseline.durationMs / 1000).toFixed(1), figure: "—", target: "—" },
    ];
    return { figures: { ...ours, baseline }, rows };
  },
};
