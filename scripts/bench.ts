// npm run bench: every comparison measured side by side in the same run (absolute times on a
// shared machine are noise; the ratios are the figures). Prints a table and writes the figures as
// JSON to BENCH_OUT (default bench-results.json). BENCH_N (default 10000) scales the sizes, so a
// small N makes a quick smoke run; BENCH_SECTIONS (e.g. "bulk" or "perCall,memory") runs only the
// sections named. It exits non-zero when a bulk run (bulk, every bulkScale cell, the peer table's
// queue path and CLI) lost an assignment or reprocessed one twice, whatever N: those are
// correctness, not timing (the CI smoke run relies on it). The load average at the start and end
// goes into the JSON's machine block and the output: on a shared machine it says what a figure is worth.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { buildPackage } from "./packaging/buildPackage";
import type { BenchBuilds, BenchRow, BenchSection } from "./bench/benchSection";
import { bulkSection } from "./bench/bulk";
import { bulkScaleSection, type BulkScaleCell } from "./bench/bulkScale";
import { coldStartSection } from "./bench/coldStart";
import { formatTable } from "./bench/formatTable";
import { memorySection } from "./bench/memory";
import { perCallSection } from "./bench/perCall";
import { peerSection, type PeerRow } from "./bench/peer";

// Each section is one entry.
const sections: readonly BenchSection[] = [coldStartSection, perCallSection, memorySection, bulkSection, bulkScaleSection, peerSection];

/** Every run that must lose nothing and reprocess nothing twice, by name, from the JSON. */
function correctnessFailures(results: Readonly<Record<string, unknown>>): string[] {
  const failures: string[] = [];
  const check = (name: string, run: { readonly lost: number; readonly duplicates: number } | undefined): void => {
    if (run !== undefined && (run.lost > 0 || run.duplicates > 0)) failures.push(`${name} lost ${run.lost} and reprocessed ${run.duplicates} twice`);
  };
  check("the bulk run", results.bulk as { readonly lost: number; readonly duplicates: number } | undefined);
  for (const cell of (results.bulkScale as readonly BulkScaleCell[] | undefined) ?? []) check(`the scale cell ${cell.instances} × ${cell.limitPerSecond}/s, ${cell.n}`, cell);
  const peer = results.peer as { readonly peers: readonly PeerRow[]; readonly queueLost: number; readonly queueDuplicates: number } | undefined;
  if (peer !== undefined) {
    check("the peer table's queue path", { lost: peer.queueLost, duplicates: peer.queueDuplicates });
    // Only our own rows: the SDK script giving up on ids is the point of the comparison, not a failure.
    for (const row of peer.peers.filter((candidate) => candidate.name.startsWith("our "))) check(`the peer table's ${row.name}`, { lost: 0, duplicates: row.duplicates });
  }
  return failures;
}

const loadAverage = (): number[] => loadavg().map((load) => Math.round(load * 100) / 100);

/** The sections BENCH_SECTIONS names (comma-separated keys), or all of them. */
function selectSections(names: string | undefined): readonly BenchSection[] {
  if (names === undefined || names.trim() === "") return sections;
  const wanted = names.split(",").map((name) => name.trim());
  const unknown = wanted.filter((name) => !sections.some((section) => section.key === name));
  if (unknown.length > 0) throw new RangeError(`BENCH_SECTIONS names no section ${unknown.join(", ")}; the sections are ${sections.map((section) => section.key).join(", ")}`);
  return sections.filter((section) => wanted.includes(section.key));
}

/** The plain tsc output (into dist/, as npm run build) and the deployable package (as npm run package). */
async function build(projectRoot: string): Promise<BenchBuilds> {
  const tsc = join(projectRoot, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", join(projectRoot, "tsconfig.build.json")], { stdio: "inherit" });
  const packageDir = join(projectRoot, "dist", "package");
  const { main } = await buildPackage({ projectRoot, packageDir });
  return { plainDir: join(projectRoot, "dist"), shippedMain: join(packageDir, main) };
}

async function main(): Promise<void> {
  const projectRoot = resolve(__dirname, "..");
  const n = Number(process.env.BENCH_N ?? "10000");
  if (!Number.isInteger(n) || n < 100) throw new RangeError("BENCH_N must be a whole number of at least 100");
  const selected = selectSections(process.env.BENCH_SECTIONS);
  const out = resolve(process.env.BENCH_OUT ?? "bench-results.json");
  const abortSignal = AbortSignal.timeout(30 * 60_000);
  const loadAtStart = loadAverage();
  const machine: Record<string, unknown> = { cpus: cpus().length, node: process.version, platform: process.platform, loadAverageAtStart: loadAtStart };
  const results: Record<string, unknown> = { generatedAt: new Date().toISOString(), machine, n };
  const builds = await build(projectRoot);
  const rows: BenchRow[] = [];
  for (const section of selected) {
    process.stderr.write(`bench: ${section.key}…\n`);
    const result = await section.run({ projectRoot, builds, n, abortSignal });
    results[section.key] = result.figures;
    rows.push(...result.rows);
  }
  machine.loadAverageAtEnd = loadAverage();
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatTable(rows));
  console.log(`\nLoad average (1, 5, 15 min): ${loadAtStart.join(", ")} at the start, ${loadAverage().join(", ")} at the end, on ${cpus().length} cores.`);
  console.log(`Figures written to ${out}.`);
  const failures = correctnessFailures(results);
  if (failures.length > 0) {
    console.error(`bench: ${failures.join("; ")}; all must be 0.`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
