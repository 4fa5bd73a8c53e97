import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReprocessOutcome } from "../../src/core/reprocessOutcome";
import { AdaptiveRateLimiter } from "../../src/graph/adaptiveRateLimiter";
import { throttledLocallyCode } from "../../src/graph/rateLimitPolicy";
import { startGraphTestBed, type GraphTestBed } from "../support/graph/graphTestBed";
import { seedAssignments } from "../support/graph/seedAssignments";

// Behaviour, not speed: the bounds are loose so a busy machine cannot fail them. The figures that
// matter (goodput, 429 share) come from `npm run bench`.
const assignments = seedAssignments({ count: 120, scope: 71 });
const concurrency = 8;

describe("Graph calls paced by the adaptive rate limiter, against a rate-limited Graph", () => {
  let bed: GraphTestBed;
  let outcomes: ReprocessOutcome[];

  beforeAll(async () => {
    bed = await startGraphTestBed({
      emulator: { assignments, rateLimit: { requestsPerSecond: 50, burst: 10 } },
      graph: { inlineRetryBudgetMs: 10_000, maxInlineRetries: 5, requestTimeoutMs: 5_000, rateLimiter: new AdaptiveRateLimiter({ maxWaitMs: 10_000 }) },
      checkStateFirst: false,
    });
    const ids = assignments.map((assignment) => assignment.id);
    outcomes = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
          outcomes.push(await bed.reprocessor.reprocess(id, { abortSignal: AbortSignal.timeout(30_000) }));
        }
      }),
    );
  }, 60_000);
  afterAll(async () => bed.close());

  it("loses nothing: every assignment is accepted and reprocessed exactly once", () => {
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array<string>(assignments.length).fill("accepted"));
    expect(assignments.filter((assignment) => bed.emulator.reprocessCount(assignment.id) !== 1)).toEqual([]);
  });

  it("keeps Graph's 429s to a small share of the calls", () => {
    const graphCalls = bed.emulator.requests.filter((request) => request.path.endsWith("/reprocess")).length;
    expect(bed.emulator.throttledCount() / graphCalls).toBeLessThan(0.2);
  });
});

describe("A call that would wait longer than allowed for Graph's Retry-After", () => {
  let bed: GraphTestBed;
  const [assignment] = seedAssignments({ count: 1, scope: 72 });

  beforeAll(async () => {
    bed = await startGraphTestBed({
      emulator: { assignments: assignment === undefined ? [] : [assignment] },
      graph: { inlineRetryBudgetMs: 1_000, rateLimiter: new AdaptiveRateLimiter({ maxWaitMs: 1_000 }) },
      checkStateFirst: false,
    });
  });
  afterAll(async () => bed.close());

  it("is answered as throttled without being sent, with the time left to wait", async () => {
    const id = assignment?.id ?? "";
    bed.emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 30 } });
    const first = await bed.reprocessor.reprocess(id, { abortSignal: new AbortController().signal });
    const second = await bed.reprocessor.reprocess(id, { abortSignal: new AbortController().signal });
    expect(first.kind).toBe("throttled");
    expect(bed.emulator.requests).toHaveLength(1);
    expect(second).toMatchObject({ kind: "throttled" });
    expect(second.kind === "throttled" && second.retryAfterMs).toBeGreaterThan(25_000);
    expect(bed.calls.at(-1)?.errorCode).toBe(throttledLocallyCode);
  });
});
