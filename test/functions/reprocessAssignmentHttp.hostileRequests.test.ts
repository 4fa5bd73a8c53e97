import type { HttpRequestInit } from "@azure/functions";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { reprocessAssignmentRoute } from "../../src/functions/reprocessAssignmentHttp";
import { requestsOffCanonicalAssignmentPaths } from "../support/graph/canonicalAssignmentPath";
import { assignmentStates } from "../support/graph/emulatedAssignment";
import { invokeHttp } from "../support/host/functionInvocation";
import { functionRouteUrl } from "../support/host/functionRouteUrl";
import { readGraphShapedError } from "../support/graph/graphShapedError";
import { hostileHttpRequestPartsArbitrary, type HostileHttpRequestParts } from "../support/arbitraries/hostileHttpRequestArbitrary";
import { hostileHttpRequestCorpus } from "../support/arbitraries/hostileHttpRequestCorpus";
import { hostileHttpRequestInit } from "../support/arbitraries/hostileHttpRequestInit";
import { hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { seedAssignments } from "../support/graph/seedAssignments";
import { useWebhookTestBed } from "../support/graph/useWebhookTestBed";

const numRuns = 1_000;
const seeded = seedAssignments({ count: assignmentStates.length, scope: 0xbad, states: assignmentStates });
const delivered = seeded.find((assignment) => assignment.state === "delivered")?.id ?? "";

interface Answer {
  readonly status: number;
  readonly errorCode: string | undefined;
}

function isPrototypePolluted(): boolean {
  const probe: Record<string, unknown> = {};
  return "polluted" in probe || Object.getOwnPropertyNames(Object.prototype).includes("polluted");
}

// The webhook takes everything it needs from the route and ignores the body and headers, so a
// hostile request must be answered exactly as the same id sent with nothing else.
describe(`POST /api/${reprocessAssignmentRoute} under hostile bodies, content types and headers`, () => {
  const bed = useWebhookTestBed(seeded);

  afterEach(() => {
    expect(bed.unhandled()).toBe(0);
    expect(isPrototypePolluted()).toBe(false);
  });

  async function answer(init: HttpRequestInit): Promise<Answer> {
    bed.emulator.clearRecords();
    const { response } = await invokeHttp(bed.handler, init);
    const body = await response.text();
    return { status: response.status, errorCode: response.status === 202 ? undefined : readGraphShapedError(body)?.code };
  }

  function hostile(parts: HostileHttpRequestParts, id: string): HttpRequestInit {
    return hostileHttpRequestInit(parts, { method: "POST", url: functionRouteUrl(reprocessAssignmentRoute, { id }), params: { id } });
  }

  describe.each(hostileHttpRequestCorpus())("with $name", ({ parts }) => {
    it("reprocesses a delivered assignment with 202 as if the request were clean", async () => {
      expect(await answer(hostile(parts, delivered))).toEqual({ status: 202, errorCode: undefined });
      expect(bed.emulator.reprocessCount(delivered)).toBeGreaterThan(0);
    });

    it("answers an invalid id with 400 invalidAssignmentId and makes no Graph request", async () => {
      expect(await answer(hostile(parts, "not-a-guid"))).toEqual({ status: 400, errorCode: "invalidAssignmentId" });
      expect(bed.emulator.requests).toEqual([]);
    });
  });

  it("answers any hostile request exactly as the same id sent cleanly, and reaches only canonical Graph paths", async () => {
    let runs = 0;
    // The request parts are what is under attack here; ids come from the seeded set in any case,
    // or are hostile, so the clean answer to compare with is mostly remembered, not re-fetched.
    const ids = fc.oneof(fc.mixedCase(fc.constantFrom(...seeded.map((assignment) => assignment.id))), hostileIdArbitrary({ maxHugeLength: 8 * 1024 }));
    // Smaller extremes than the corpus (which has the 8 MiB and million-deep cases) keep 1,000 runs fast.
    const parts = hostileHttpRequestPartsArbitrary({ maxBytes: 64 * 1024, maxDepth: 2_000, maxArrayLength: 5_000, maxStringLength: 20_000 });
    const cleanAnswers = new Map<string, Answer>();
    await fc.assert(
      fc.asyncProperty(parts, ids, async (requestParts, id) => {
        runs += 1;
        const key = id.toLowerCase();
        const clean = cleanAnswers.get(key) ?? (await answer({ method: "POST", url: functionRouteUrl(reprocessAssignmentRoute, { id }), params: { id } }));
        cleanAnswers.set(key, clean);
        const attacked = await answer(hostile(requestParts, id));
        expect(attacked).toEqual(clean);
        expect(attacked.status === 202 || attacked.errorCode !== undefined).toBe(true);
        expect(requestsOffCanonicalAssignmentPaths(bed.emulator.requests)).toEqual([]);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });
});
