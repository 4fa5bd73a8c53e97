import type { BenchContext, BenchRow, BenchSection, BenchSectionResult } from "./benchSection";
import { bulkRateLimit, hostConcurrency } from "./bulk";
import { runBulkScale, scaleSizes } from "./bulkScale";
import type { PeerRunResult, PeerVariant } from "./peerWorker";
import { runWorker } from "./runWorker";
import { round } from "./statistics";

/** A few concurrencies an engineer might pick for the SDK script: timid, the host's, eager. */
export const sdkConcurrencies: readonly number[] = [4, 16, 64];

export interface PeerRow {
  readonly name: string;
  readonly completedFraction: number;
  readonly throttledFraction: number;
  readonly calls: number;
  readonly durationSeconds: number;
  readonly duplicates: number;
  /** What became of the ids it gave up on. */
  readonly gaveUp: string;
}

async function runPeer(context: BenchContext, variant: PeerVariant, concurrency: number, n: number): Promise<PeerRunResult> {
  return runWorker<PeerRunResult>("peerWorker.ts", {
    env: {
      BENCH_PEER: variant,
      BENCH_ASSIGNMENTS: String(n),
      BENCH_CONCURRENCY: String(concurrency),
      // The single-instance bulk section's limit (200/s at this size, burst a tenth of the rate).
      BENCH_RATE_LIMIT: JSON.stringify(bulkRateLimit(n)),
      NODE_EXTRA_CA_CERTS: `${context.projectRoot}/test/support/certs/localhost.crt`,
      BENCH_DIST: context.builds.plainDir,
    },
    abortSignal: context.abortSignal,
  });
}

function peerRow(name: string, run: PeerRunResult, gaveUpFate: string): PeerRow {
  const gaveUp = Object.entries(run.gaveUpBy);
  const total = gaveUp.reduce((sum, [, count]) => sum + count, 0);
  return {
    name,
    completedFraction: round(run.completed / run.assignments, 4),
    throttledFraction: round(run.calls === 0 ? 0 : run.throttled / run.calls, 4),
    calls: run.calls,
    durationSeconds: round(run.durationMs / 1000, 1),
    duplicates: run.duplicates,
    gaveUp: total === 0 ? "none" : `${total} (${gaveUp.map(([why, count]) => `${count} ${why}`).join(", ")}): ${gaveUpFate}`,
  };
}

/**
 * The same ids, the same emulator and limit: the Graph JS SDK at a few concurrencies, our CLI's
 * `reprocess --file`, and our queue path (one instance).
 */
export const peerSection: BenchSection = {
  key: "peer",
  async run(context: BenchContext): Promise<BenchSectionResult> {
    const n = scaleSizes(context.n)[1] ?? 2_000;
    const limit = bulkRateLimit(n);
    const peers: PeerRow[] = [];
    for (const concurrency of sdkConcurrencies) {
      process.stderr.write(`bench: peer SDK at ${concurrency}…\n`);
      peers.push(peerRow(`Graph JS SDK 3.0.7, default RetryHandler, ${concurrency} concurrent`, await runPeer(context, "sdk", concurrency, n), "a GraphError each, in the script's hands; nothing retries or records them"));
    }
    process.stderr.write("bench: peer CLI…\n");
    peers.push(peerRow(`our CLI reprocess --file, --concurrency ${hostConcurrency}`, await runPeer(context, "cli", hostConcurrency, n), "reported per id in the CLI's results with the last outcome and Graph ids; exit code 1"));
    process.stderr.write("bench: peer queue path…\n");
    const queue = await runBulkScale({ projectRoot: context.projectRoot, instances: 1, limitPerSecond: limit.requestsPerSecond, burst: limit.burst, n, distDir: context.builds.plainDir, abortSignal: context.abortSignal });
    peers.push({
      name: `our queue path, 1 instance, ${hostConcurrency} concurrent`,
      completedFraction: round((queue.accepted - queue.duplicates) / queue.assignments, 4),
      throttledFraction: round(queue.calls === 0 ? 0 : queue.throttled / queue.calls, 4),
      calls: queue.calls,
      durationSeconds: round(queue.durationMs / 1000, 1),
      duplicates: queue.duplicates,
      gaveUp: queue.parked + queue.lost === 0 ? "none" : `${queue.parked} parked (replayable), ${queue.lost} lost`,
    });
    const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
    const rows: BenchRow[] = peers.map((peer) => ({
      measure: `peer: ${peer.name}, ${n} ids, limit ${limit.requestsPerSecond}/s burst ${limit.burst}: completed (429s of calls, twice)`,
      ours: `${percent(peer.completedFraction)} (${percent(peer.throttledFraction)} of ${peer.calls}, ${peer.duplicates})`,
      baseline: `${peer.durationSeconds.toFixed(1)} s`,
      figure: `gave up: ${peer.gaveUp}`,
      target: "—",
    }));
    return { figures: { n, limit, peers, queueLost: queue.lost, queueDuplicates: queue.duplicates }, rows };
  },
};
