import type { BenchContext, BenchSection, BenchSectionResult } from "./benchSection";
import type { PerCallWorkerResult } from "./perCallWorker";
import { runWorker } from "./runWorker";
import { round } from "./statistics";

// The app sends through the SDK's default HTTP client, which does more per request than a bare
// node:https POST (an AbortController per call, header normalisation, stream watchers): these
// bound what that, plus the pipeline's policies and the core, may cost.
const targets = { p50Ratio: 1.25, p99Ratio: 1.5 } as const;

/**
 * Sequential reprocess calls through the core against bare HTTPS POSTs to the same emulator with
 * the same token and headers, interleaved. A p99 rests on the slowest 1% (20 calls in 2,000), which
 * other work on a shared machine moves a lot, so a full run repeats the 2,000-call comparison in
 * several rounds and reports the median ratio (every round is in the JSON).
 */
export const perCallSection: BenchSection = {
  key: "perCall",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const calls = Math.max(100, Math.round(context.n / 5));
    const roundCount = context.n >= 10_000 ? 5 : 1;
    const result = await runWorker<PerCallWorkerResult>("perCallWorker.ts", {
      env: { BENCH_CALLS: String(calls), BENCH_ROUNDS: String(roundCount), NODE_EXTRA_CA_CERTS: `${context.projectRoot}/test/support/certs/localhost.crt`, BENCH_DIST: context.builds.plainDir },
      abortSignal: context.abortSignal,
    });
    const rounds = result.rounds.map((r) => ({
      p50Ratio: round(r.core.p50Ms / r.bare.p50Ms, 3),
      p99Ratio: round(r.core.p99Ms / r.bare.p99Ms, 3),
      coreP50Ms: round(r.core.p50Ms, 3),
      bareP50Ms: round(r.bare.p50Ms, 3),
      coreP99Ms: round(r.core.p99Ms, 3),
      bareP99Ms: round(r.bare.p99Ms, 3),
    }));
    // The round whose ratio is the median, so the times shown are the ones the ratio came from.
    const medianRound = (ratio: (r: (typeof rounds)[number]) => number): (typeof rounds)[number] => {
      const sorted = [...rounds].sort((a, b) => ratio(a) - ratio(b));
      const chosen = sorted[Math.floor((sorted.length - 1) / 2)];
      if (chosen === undefined) throw new Error("the per-call worker reported no rounds");
      return chosen;
    };
    const atP50 = medianRound((r) => r.p50Ratio);
    const atP99 = medianRound((r) => r.p99Ratio);
    const label = `${calls} sequential via the SDK's default HTTP client${rounds.length > 1 ? `, median of ${rounds.length} rounds` : ""}`;
    return {
      figures: {
        calls,
        p50Ratio: atP50.p50Ratio,
        p99Ratio: atP99.p99Ratio,
        coreP50Ms: atP50.coreP50Ms,
        bareP50Ms: atP50.bareP50Ms,
        coreP99Ms: atP99.coreP99Ms,
        bareP99Ms: atP99.bareP99Ms,
        targets,
        met: atP50.p50Ratio <= targets.p50Ratio && atP99.p99Ratio <= targets.p99Ratio,
        rounds,
      },
      rows: [
        { measure: `per call p50, ${label} (ms)`, ours: atP50.coreP50Ms.toFixed(2), baseline: atP50.bareP50Ms.toFixed(2), figure: `${atP50.p50Ratio.toFixed(2)}×`, target: `≤ ${targets.p50Ratio}×` },
        { measure: `per call p99, ${label} (ms)`, ours: atP99.coreP99Ms.toFixed(2), baseline: atP99.bareP99Ms.toFixed(2), figure: `${atP99.p99Ratio.toFixed(2)}×`, target: `≤ ${targets.p99Ratio}×` },
      ],
    };
  },
};
