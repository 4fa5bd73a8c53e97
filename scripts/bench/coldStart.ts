import { statSync } from "node:fs";
import { join, relative } from "node:path";
import { hostStartSettings } from "../../test/support/host/hostStartSettings";
import { loadMainInFreshProcess, type HostLoadResult } from "../../test/support/host/loadMainInFreshProcess";
import type { BenchContext, BenchSection, BenchSectionResult } from "./benchSection";
import { median, round } from "./statistics";

function checked(result: HostLoadResult, label: string): HostLoadResult {
  if (result.exitCode !== 0 || result.registrations.length === 0 || result.peakRssBytes === undefined) {
    throw new Error(`the ${label} build did not load under the host stand-in (exit ${result.exitCode ?? "signal"}): ${result.stderr}`);
  }
  return result;
}

/**
 * A fresh Node process loading what the host loads (the files "main" names, under the host
 * stand-in so registrations run): the shipped package against the plain compiler output, runs
 * interleaved and alternating which goes first.
 */
export const coldStartSection: BenchSection = {
  key: "coldStart",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const runs = context.n >= 10_000 ? 11 : 3;
    const mains = { plain: relative(context.projectRoot, join(context.builds.plainDir, "index.js")), shipped: relative(context.projectRoot, context.builds.shippedMain) };
    const samples = { plain: [] as HostLoadResult[], shipped: [] as HostLoadResult[] };
    for (let run = 0; run < runs; run++) {
      context.abortSignal.throwIfAborted();
      const order = run % 2 === 0 ? (["plain", "shipped"] as const) : (["shipped", "plain"] as const);
      for (const build of order) samples[build].push(checked(await loadMainInFreshProcess(hostStartSettings, mains[build]), build));
    }
    if (samples.shipped[0]?.registrations.length !== samples.plain[0]?.registrations.length) {
      throw new Error("the shipped and plain builds register different numbers of functions");
    }
    const loadMs = (build: "plain" | "shipped"): number => median(samples[build].map((sample) => sample.loadMs));
    const rssMb = (build: "plain" | "shipped"): number => median(samples[build].map((sample) => (sample.peakRssBytes ?? 0) / 2 ** 20));
    const ratio = loadMs("shipped") / loadMs("plain");
    const rssRatio = rssMb("shipped") / rssMb("plain");
    return {
      figures: {
        ratio: round(ratio, 3),
        runs,
        shippedMedianMs: round(loadMs("shipped"), 1),
        plainMedianMs: round(loadMs("plain"), 1),
        shippedPeakRssMiB: round(rssMb("shipped"), 1),
        plainPeakRssMiB: round(rssMb("plain"), 1),
        rssRatio: round(rssRatio, 3),
        shippedBundleKiB: round(statSync(context.builds.shippedMain).size / 1024, 0),
      },
      rows: [
        {
          measure: `cold start, median of ${runs} (ms)`,
          ours: loadMs("shipped").toFixed(0),
          baseline: loadMs("plain").toFixed(0),
          figure: `${ratio.toFixed(2)}×`,
          target: "≤ 0.45×",
        },
        { measure: "cold start peak RSS (MiB)", ours: rssMb("shipped").toFixed(0), baseline: rssMb("plain").toFixed(0), figure: `${rssRatio.toFixed(2)}×`, target: "—" },
      ],
    };
  },
};
