// npm run bench: every comparison measured side by side in the same run (absolute times on a
// shared machine are noise; the ratios are the figures). Prints a table and writes the figures as
// JSON to BENCH_OUT (default bench-results.json). BENCH_N (default 10000) scales the sizes, so a
// small N makes a quick smoke run; BENCH_SECTIONS (e.g. "bulk" or "perCall,memory") runs only the
// sections named. It exits non-zero when the bulk run lost an assignment or reprocessed one twice,
// whatever N: those are correctness, not timing (the CI smoke run relies on it).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { buildPackage } from "./packaging/buildPackage";
import type { BenchBuilds, BenchRow, BenchSection } from "./bench/benchSection";
import { bulkSection } from "./bench/bulk";
import { coldStartSection } from "./bench/coldStart";
import { formatTable } from "./bench/formatTable";
import { memorySection } from "./bench/memory";
import { perCallSection } from "./bench/perCall";

// Each section is one entry.
const sections: readonly BenchSection[] = [coldStartSection, perCallSection, memorySection, bulkSection];

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
  const results: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, platform: process.platform },
    n,
  };
  const builds = await build(projectRoot);
  const rows: BenchRow[] = [];
  for (const section of selected) {
    process.stderr.write(`bench: ${section.key}…\n`);
    const result = await section.run({ projectRoot, builds, n, abortSignal });
    results[section.key] = result.figures;
    rows.push(...result.rows);
  }
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatTable(rows));
  console.log(`\nFigures written to ${out}.`);
  const bulk = results.bulk as { readonly lost: number; readonly duplicates: number } | undefined;
  if (bulk !== undefined && (bulk.lost > 0 || bulk.duplicates > 0)) {
    console.error(`bench: the bulk run lost ${bulk.lost} and reprocessed ${bulk.duplicates} twice; both must be 0.`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
