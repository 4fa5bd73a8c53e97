import type { BenchContext, BenchSection, BenchSectionResult } from "./benchSection";
import type { MemoryWorkerResult } from "./memoryWorker";
import { runWorker } from "./runWorker";
import { round } from "./statistics";

/** RSS after n reprocesses against RSS after n/5, each after a forced full collection. */
export const memorySection: BenchSection = {
  key: "memory",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const early = Math.max(100, Math.round(context.n / 5));
    const late = Math.max(early * 5, context.n);
    const result = await runWorker<MemoryWorkerResult>("memoryWorker.ts", {
      nodeFlags: ["--expose-gc"],
      env: { BENCH_CHECKPOINTS: `${early},${late}`, NODE_EXTRA_CA_CERTS: `${context.projectRoot}/test/support/certs/localhost.crt`, BENCH_DIST: context.builds.plainDir },
      abortSignal: context.abortSignal,
    });
    const [first, last] = result.checkpoints;
    if (first === undefined || last === undefined) throw new Error("the memory worker reported no checkpoints");
    const growth = last.rssBytes / first.rssBytes - 1;
    const mib = (bytes: number): number => round(bytes / 2 ** 20, 1);
    return {
      figures: {
        growth: round(growth, 3),
        checkpoints: result.checkpoints.map((checkpoint) => ({ reprocesses: checkpoint.reprocesses, rssMiB: mib(checkpoint.rssBytes), heapUsedMiB: mib(checkpoint.heapUsedBytes) })),
      },
      rows: [
        {
          measure: `RSS after ${late} vs ${early} reprocesses (MiB)`,
          ours: mib(last.rssBytes).toFixed(1),
          baseline: mib(first.rssBytes).toFixed(1),
          figure: `${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)}%`,
          target: "≤ +20%",
        },
      ],
    };
  },
};
