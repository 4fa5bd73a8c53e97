import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAssignmentId } from "../../src/shared/guid";
import { reprocessAssignmentRoute } from "../../src/functions/reprocessAssignmentHttp";
import { requestsOffCanonicalAssignmentPaths } from "../support/graph/canonicalAssignmentPath";
import { assignmentStates } from "../support/graph/emulatedAssignment";
import type { FaultRule } from "../support/graph/fault";
import { invokeHttp, type InvocationResult } from "../support/host/functionInvocation";
import { functionRouteUrl } from "../support/host/functionRouteUrl";
import { readGraphShapedError } from "../support/graph/graphShapedError";
import { heapUsedAfterGc } from "../support/heapAfterGc";
import { hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { seedAssignments } from "../support/graph/seedAssignments";
import { useWebhookTestBed } from "../support/graph/useWebhookTestBed";

// The statuses README documents for this route. 500 is documented too, but only as "a fault in
// the app": no input may produce it, so it is deliberately absent here.
const documentedStatuses: ReadonlySet<number> = new Set([202, 400, 404, 409, 429, 502, 503]);
const numRuns = 1_000;
const maxAnswerBytes = 1_024;
const maxLogLineLength = 1_024;

const seeded = seedAssignments({ count: assignmentStates.length, scope: 0x5ec, states: assignmentStates });
const stateById = new Map(seeded.map((assignment) => [assignment.id, assignment.state]));

// Faults that end a Graph call at once (no inline retries in this bed), so every outcome kind is
// reached quickly: throttled, unavailable, forbidden, failed, and Graph's own 400/409.
const faultRules: readonly Omit<FaultRule, "match">[] = [
  { fault: { kind: "throttle", retryAfterSeconds: 7 } },
  { fault: { kind: "throttle" } },
  { fault: { kind: "status", status: 503 } },
  { fault: { kind: "status", status: 500, body: "Error: boom\n    at x (y.js:1:1)", contentType: "text/plain" } },
  { fault: { kind: "status", status: 504 } },
  { fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } },
  { fault: { kind: "status", status: 401 } },
  { fault: { kind: "status", status: 400 } },
  { fault: { kind: "status", status: 409 } },
  { fault: { kind: "status", status: 418, body: "<html/>", contentType: "text/html" } },
  { fault: { kind: "status", status: 200, body: "not json", contentType: "application/json" } },
  { fault: { kind: "reset" } },
];

const faultArbitrary = fc.option(
  fc.tuple(fc.constantFrom(...faultRules), fc.constantFrom(undefined, "GET", "POST")).map(([rule, method]): FaultRule => (method === undefined ? rule : { ...rule, match: { method } })),
  { nil: undefined, freq: 2 },
);

function expectedStatusWithoutFaults(id: string): number {
  const parsed = parseAssignmentId(id);
  if (!parsed.ok) return 400;
  const state = stateById.get(parsed.id);
  if (state === undefined) return 404;
  return state === "delivered" ? 202 : 409;
}

describe(`POST /api/${reprocessAssignmentRoute} under generated ids`, () => {
  const bed = useWebhookTestBed(seeded);
  const knownIds = seeded.map((assignment) => assignment.id);
  // Ids up to 64 kB, 64 times the answer bound, keep 1,000 runs fast; the heap property below
  // goes to 1 MB.
  const ids = hostileIdArbitrary({ knownIds, maxHugeLength: 64 * 1024 });

  async function call(id: string, fault: FaultRule | undefined): Promise<InvocationResult> {
    bed.emulator.clearRecords();
    bed.emulator.clearFaults();
    if (fault !== undefined) bed.emulator.injectFault(fault);
    return invokeHttp(bed.handler, { method: "POST", url: functionRouteUrl(reprocessAssignmentRoute, { id }), params: { id } });
  }

  it("answers every id with a documented status, and a Graph-shaped error body unless it is 202", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(ids, faultArbitrary, async (id, fault) => {
        runs += 1;
        const { response } = await call(id, fault);
        const body = await response.text();
        expect(documentedStatuses).toContain(response.status);
        if (response.status === 202) {
          expect(body).toBe("");
        } else {
          expect(response.headers.get("content-type")).toMatch(/^application\/json/);
          expect(readGraphShapedError(body), body).toBeDefined();
        }
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    expect(bed.unhandled()).toBe(0);
  });

  it("sends Graph requests only to canonical-GUID assignment paths, and none for an id that is not a canonical GUID", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(ids, faultArbitrary, async (id, fault) => {
        runs += 1;
        const { response } = await call(id, fault);
        const parsed = parseAssignmentId(id);
        expect(requestsOffCanonicalAssignmentPaths(bed.emulator.requests)).toEqual([]);
        if (parsed.ok) {
          expect(response.status).not.toBe(400);
          for (const request of bed.emulator.requests) expect(request.path).toContain(parsed.id);
        } else {
          expect(response.status).toBe(400);
          expect(bed.emulator.requests).toEqual([]);
        }
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("answers a canonical GUID by its assignment's state and anything else with 400 invalidAssignmentId", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        runs += 1;
        const { response } = await call(id, undefined);
        const expected = expectedStatusWithoutFaults(id);
        expect(response.status).toBe(expected);
        if (expected === 400) expect(readGraphShapedError(await response.text())?.code).toBe("invalidAssignmentId");
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("keeps every answer and log line short however long the id", async () => {
    let runs = 0;
    let longestId = 0;
    await fc.assert(
      fc.asyncProperty(ids, faultArbitrary, async (id, fault) => {
        runs += 1;
        longestId = Math.max(longestId, id.length);
        const { response, logs } = await call(id, fault);
        expect(Buffer.byteLength(await response.text())).toBeLessThanOrEqual(maxAnswerBytes);
        for (const [name, value] of response.headers) expect(name.length + value.length).toBeLessThanOrEqual(maxAnswerBytes);
        for (const log of logs) expect(log.text.length).toBeLessThanOrEqual(maxLogLineLength);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    // The bound means something only if inputs far beyond it were generated.
    expect(longestId).toBeGreaterThan(16 * maxAnswerBytes);
  });

  it("ends 1,000 hostile requests with the heap within a fixed bound, however much input they carried", async () => {
    const heapBoundBytes = 16 * 1024 * 1024;
    let inputBytes = 0;
    let runs = 0;
    // One warm-up request, so connection pools, token cache and lazily loaded code are counted in
    // the baseline rather than as growth.
    await call(seeded[0]?.id ?? "", undefined);
    const before = heapUsedAfterGc();
    await fc.assert(
      fc.asyncProperty(hostileIdArbitrary({ knownIds, maxHugeLength: 1_000_000 }), faultArbitrary, async (id, fault) => {
        runs += 1;
        inputBytes += Buffer.byteLength(id);
        const { response } = await call(id, fault);
        await response.text();
      }),
      { numRuns },
    );
    // Generated sizes vary by seed; top up with huge ids so the premise below always holds.
    for (let i = 0; inputBytes <= 2 * heapBoundBytes; i += 1) {
      const id = `${String(i)}${"f".repeat(1_000_000)}`;
      inputBytes += Buffer.byteLength(id);
      const { response } = await call(id, undefined);
      await response.text();
    }
    bed.emulator.clearRecords();
    const growth = heapUsedAfterGc() - before;
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    // Were each request to keep its id, the heap would grow by the input: at least twice the bound.
    expect(inputBytes).toBeGreaterThan(2 * heapBoundBytes);
    expect(growth).toBeLessThan(heapBoundBytes);
  });
});
