import type { BenchContext, BenchRow, BenchSection, BenchSectionResult } from "./benchSection";
import { hostConcurrency } from "./bulk";
import type { BulkScaleRunResult } from "./bulkScaleWorker";
import { runWorker } from "./runWorker";
import { round } from "./statistics";

export const scaleInstances: readonly number[] = [1, 4, 8];
export const scaleLimitsPerSecond: readonly number[] = [20, 200];

/**
 * The large size of the scale cells: BENCH_N, but never more than 2,000. A cell at 20/s takes
 * n/20 s at best, so the 36 cells at 10,000 would take over half an hour; at 2,000 the section
 * takes about 7 minutes, and `BENCH_N=2000 npm run bench` is the run the targets are judged on.
 */
export const maxScaleN = 2_000;

export function scaleSizes(n: number): readonly number[] {
  const large = Math.min(n, maxScaleN);
  return [Math.round(large / 5), large];
}

/**
 * A burst of one second of the rate. Graph publishes its limits as counts per window (3,000 per
 * 2.5 min, 130,000 per 10 s), which let a second's worth through at once and more; a burst of a
 * tenth of a second (the single-instance bulk section's) makes uncoordinated instances collide
 * even far under the limit (docs/performance.md, "Scale").
 */
export function scaleRateLimit(limitPerSecond: number): { readonly requestsPerSecond: number; readonly burst: number; readonly retryAfterSeconds: number } {
  return { requestsPerSecond: limitPerSecond, burst: limitPerSecond, retryAfterSeconds: 1 };
}

export interface BulkScaleCell {
  readonly instances: number;
  readonly limitPerSecond: number;
  readonly n: number;
  readonly goodputFraction: number;
  readonly throttledFraction: number;
  readonly lost: number;
  readonly duplicates: number;
  /** Seconds from the start until Graph first accepted 90% of the limit over one second (null: never). */
  readonly rampSeconds: number | null;
  readonly durationSeconds: number;
  /** Where the run's seconds went: see `whereGoodputWent`. */
  readonly lostSeconds: { readonly ramp: number; readonly idle: number; readonly total: number };
  readonly completedByInstance: readonly number[];
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  readonly cpuFraction: number;
}

/**
 * First tenth of a second at which the 10 tenths ending there held at least 90% of one second
 * of the limit: the time to reach 90% of the limit.
 */
export function rampSeconds(acceptedPerTenth: readonly number[], limitPerSecond: number): number | null {
  let sum = 0;
  for (let tenth = 0; tenth < acceptedPerTenth.length; tenth++) {
    sum += acceptedPerTenth[tenth] ?? 0;
    if (tenth >= 10) sum -= acceptedPerTenth[tenth - 10] ?? 0;
    if (sum >= 0.9 * limitPerSecond) return round((tenth + 1) / 10, 1);
  }
  return null;
}

/**
 * Where the run's seconds went against a perfect run (n / limit), in seconds: the ramp's
 * shortfall (calls the limit allowed before the ramp ended and Graph did not accept), tenths after
 * it in which Graph accepted nothing (every instance waiting out a Retry-After, refused calls
 * waiting in the queue for their rescheduled time, or starved), and the total.
 */
export function whereGoodputWent(acceptedPerTenth: readonly number[], limitPerSecond: number, ramp: number | null, durationMs: number, n: number): BulkScaleCell["lostSeconds"] {
  const rampTenths = ramp === null ? acceptedPerTenth.length : Math.round(ramp * 10);
  let rampAccepted = 0;
  let idleTenths = 0;
  acceptedPerTenth.forEach((accepted, tenth) => {
    if (tenth < rampTenths) rampAccepted += accepted;
    else if (accepted === 0 && tenth < acceptedPerTenth.length - 1) idleTenths += 1;
  });
  const rampSpan = Math.min(rampTenths, acceptedPerTenth.length) / 10;
  return {
    ramp: round(Math.max(0, rampSpan - rampAccepted / limitPerSecond), 2),
    idle: round(idleTenths / 10, 1),
    total: round(durationMs / 1000 - n / limitPerSecond, 2),
  };
}

export function scaleCell(run: BulkScaleRunResult): BulkScaleCell {
  const limitPerSecond = run.limit.requestsPerSecond;
  const ramp = rampSeconds(run.acceptedPerTenth, limitPerSecond);
  return {
    instances: run.instances,
    limitPerSecond,
    n: run.assignments,
    goodputFraction: round(run.accepted / (run.durationMs / 1000) / limitPerSecond, 3),
    throttledFraction: round(run.calls === 0 ? 0 : run.throttled / run.calls, 4),
    lost: run.lost,
    duplicates: run.duplicates,
    rampSeconds: ramp,
    durationSeconds: round(run.durationMs / 1000, 2),
    lostSeconds: whereGoodputWent(run.acceptedPerTenth, limitPerSecond, ramp, run.durationMs, run.assignments),
    completedByInstance: run.completedByInstance,
    eventLoopDelayP99Ms: round(run.eventLoopDelayP99Ms, 1),
    eventLoopDelayMaxMs: round(run.eventLoopDelayMaxMs, 1),
    cpuFraction: round(run.cpuFraction, 2),
  };
}

export interface BulkScaleRunOptions {
  readonly projectRoot: string;
  readonly instances: number;
  readonly limitPerSecond: number;
  /** Defaults to `scaleRateLimit`'s: one second of the rate. */
  readonly burst?: number;
  readonly n: number;
  /** The compiled app to run; without it the worker runs the TypeScript source. */
  readonly distDir?: string;
  readonly abortSignal: AbortSignal;
}

/** One cell in a fresh process: a fresh emulator, token bucket and queue. */
export async function runBulkScale(options: BulkScaleRunOptions): Promise<BulkScaleRunResult> {
  return runWorker<BulkScaleRunResult>("bulkScaleWorker.ts", {
    env: {
      BENCH_ASSIGNMENTS: String(options.n),
      BENCH_INSTANCES: String(options.instances),
      BENCH_RATE_LIMIT: JSON.stringify({ ...scaleRateLimit(options.limitPerSecond), ...(options.burst === undefined ? {} : { burst: options.burst }) }),
      BENCH_CONCURRENCY: String(hostConcurrency),
      NODE_EXTRA_CA_CERTS: `${options.projectRoot}/test/support/certs/localhost.crt`,
      ...(options.distDir === undefined ? {} : { BENCH_DIST: options.distDir }),
    },
    abortSignal: options.abortSignal,
  });
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** Instances × limits × sizes, each cell its own run: the app's queue path with every instance pacing itself. */
export const bulkScaleSection: BenchSection = {
  key: "bulkScale",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const cells: BulkScaleCell[] = [];
    const rows: BenchRow[] = [];
    for (const limitPerSecond of scaleLimitsPerSecond) {
      for (const instances of scaleInstances) {
        for (const n of scaleSizes(context.n)) {
          process.stderr.write(`bench: bulkScale ${instances} × ${limitPerSecond}/s, ${n}…\n`);
          const cell = scaleCell(await runBulkScale({ projectRoot: context.projectRoot, instances, limitPerSecond, n, distDir: context.builds.plainDir, abortSignal: context.abortSignal }));
          cells.push(cell);
          const { ramp, idle, total } = cell.lostSeconds;
          rows.push({
            measure: `scale ${instances} inst × ${limitPerSecond}/s, ${n}: goodput (429s, lost, twice, ramp; s lost: ramp/idle/total)`,
            ours: `${percent(cell.goodputFraction)} (${percent(cell.throttledFraction)}, ${cell.lost}, ${cell.duplicates}, ${cell.rampSeconds === null ? "—" : `${cell.rampSeconds.toFixed(1)} s`}; ${ramp.toFixed(1)}/${idle.toFixed(1)}/${total.toFixed(1)})`,
            baseline: `${cell.durationSeconds.toFixed(1)} s, shares ${cell.completedByInstance.join("/")}`,
            figure: percent(cell.goodputFraction),
            target: "≥ 90%, ≤ 5% 429s, 0, 0",
          });
        }
      }
    }
    return { figures: cells, rows };
  },
};
