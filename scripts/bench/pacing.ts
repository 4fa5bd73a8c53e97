import type { BenchContext, BenchSection, BenchSectionResult } from "./benchSection";
import type { PacingRun, PacingWorkerResult } from "./pacingWorker";
import { runWorker } from "./runWorker";
import { round } from "./statistics";

const requestsPerSecond = 100;
const burst = 10;
const concurrency = 16;

/**
 * The Graph client alone (not yet the queue path: that is the bulk section's) against the
 * emulator's token bucket, with and without the adaptive limiter, side by side. A burst of a tenth
 * of the rate is the realistic hard case: every 429 then idles most of a Retry-After second.
 */
export const pacingSection: BenchSection = {
  key: "pacing",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const seconds = context.n >= 10_000 ? 60 : 5;
    const result = await runWorker<PacingWorkerResult>("pacingWorker.ts", {
      env: {
        BENCH_PACING_SECONDS: String(seconds),
        BENCH_PACING_RPS: String(requestsPerSecond),
        BENCH_PACING_BURST: String(burst),
        BENCH_PACING_CONCURRENCY: String(concurrency),
        NODE_EXTRA_CA_CERTS: `${context.projectRoot}/test/support/certs/localhost.crt`,
        BENCH_DIST: context.builds.plainDir,
      },
      abortSignal: context.abortSignal,
    });
    const figures = (run: PacingRun): { goodputFraction: number; throttledFraction: number; notAccepted: number; reprocessed: number; throttled: number } => ({
      goodputFraction: round(run.reprocessed / ((run.elapsedMs / 1000) * requestsPerSecond), 3),
      throttledFraction: round(run.throttled / Math.max(1, run.reprocessed + run.throttled), 4),
      notAccepted: run.notAccepted,
      reprocessed: run.reprocessed,
      throttled: run.throttled,
    });
    const ours = figures(result.paced);
    const baseline = figures(result.unpaced);
    const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
    const label = `${seconds} s at ${requestsPerSecond}/s, burst ${burst}, ${concurrency} callers`;
    return {
      figures: { seconds, limitPerSecond: requestsPerSecond, burst, concurrency, ...ours, baseline },
      rows: [
        { measure: `pacing: goodput, share of the limit (${label})`, ours: percent(ours.goodputFraction), baseline: percent(baseline.goodputFraction), figure: percent(ours.goodputFraction), target: "≥ 90% (bulk)" },
        { measure: "pacing: 429s, share of Graph calls", ours: percent(ours.throttledFraction), baseline: percent(baseline.throttledFraction), figure: percent(ours.throttledFraction), target: "≤ 5% (bulk)" },
      ],
    };
  },
};
