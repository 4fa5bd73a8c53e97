import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { rampSeconds, runBulkScale, scaleSizes, whereGoodputWent } from "../../../scripts/bench/bulkScale";

describe("the scale section's figures", () => {
  it("sizes its cells BENCH_N/5 and BENCH_N, capped at 2,000 so the 20/s cells stay minutes long", () => {
    expect(scaleSizes(300)).toEqual([60, 300]);
    expect(scaleSizes(10_000)).toEqual([400, 2_000]);
  });

  it("times the ramp to the first second in which Graph accepted 90% of the limit", () => {
    // 20/s: 1 a tenth for a second, then 2 a tenth: the sliding second first holds 18 at 1.8 s.
    const tenths = [...Array<number>(10).fill(1), ...Array<number>(10).fill(2)];
    expect(rampSeconds(tenths, 20)).toBe(1.8);
  });

  it("reports no ramp when Graph never accepted 90% of the limit in a second", () => {
    expect(rampSeconds(Array<number>(30).fill(1), 20)).toBeNull();
  });

  it("splits the lost seconds into the ramp's shortfall, idle tenths after it, and the total", () => {
    // 20/s, 40 calls: half the limit for a second (ramp ends at 1 s: 10 of 20 accepted), then 0.5 s idle, then the limit.
    const tenths = [...Array<number>(10).fill(1), ...Array<number>(5).fill(0), ...Array<number>(15).fill(2)];
    expect(whereGoodputWent(tenths, 20, 1, 3_000, 40)).toEqual({ ramp: 0.5, idle: 0.5, total: 1 });
  });
});

// The smoke run of the scale worker: several in-process instances on one queue and one limit lose
// nothing and reprocess nothing twice. Timings at this size mean nothing.
describe("a scale cell at a small N", () => {
  it("reprocesses every one of 100 assignments exactly once with 4 instances sharing one limit", async () => {
    const run = await runBulkScale({ projectRoot: resolve("."), instances: 4, limitPerSecond: 200, n: 100, abortSignal: AbortSignal.timeout(50_000) });
    expect(run.lost).toBe(0);
    expect(run.duplicates).toBe(0);
    expect(run.accepted).toBe(100);
  }, 60_000);
});
