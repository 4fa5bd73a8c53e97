/** What the bench built before measuring. */
export interface BenchBuilds {
  /** Plain tsc output (the repo's "main" is its index.js). */
  readonly plainDir: string;
  /** The deployable package's entry (its package.json "main"). */
  readonly shippedMain: string;
}

export interface BenchContext {
  readonly projectRoot: string;
  readonly builds: BenchBuilds;
  /** BENCH_N: the large reprocess count (10,000 by default); other sizes derive from it. */
  readonly n: number;
  readonly abortSignal: AbortSignal;
}

/** One line of the printed table: what was measured, ours, the comparison, and the figure judged. */
export interface BenchRow {
  readonly measure: string;
  readonly ours: string;
  readonly baseline: string;
  readonly figure: string;
  readonly target: string;
}

export interface BenchSectionResult {
  /** Written under the section's key in the JSON output. */
  readonly figures: Readonly<Record<string, unknown>> | readonly unknown[];
  readonly rows: readonly BenchRow[];
}

/** A measurement: adding one (the bulk run, say) is one more entry in bench.ts's list. */
export interface BenchSection {
  /** JSON key: coldStart, perCall, memory, bulk… */
  readonly key: string;
  run(context: BenchContext): Promise<BenchSectionResult>;
}
