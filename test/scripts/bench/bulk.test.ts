import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runBulk } from "../../../scripts/bench/bulk";

// The CI smoke run of the bulk bench section: it runs end to end (peer, emulator process, real
// queue handler) and loses nothing and reprocesses nothing twice. Timings at this size mean nothing.
describe("the bulk bench section at a small N", () => {
  it("reprocesses every one of 300 delivered assignments exactly once through the queue path, throttled", async () => {
    const run = await runBulk({ projectRoot: resolve("."), n: 300, abortSignal: AbortSignal.timeout(50_000) }, "ours");
    expect(run.assignments).toBe(300);
    expect(run.lost).toBe(0);
    expect(run.duplicates).toBe(0);
    expect(run.accepted).toBe(300);
  }, 60_000);
});
