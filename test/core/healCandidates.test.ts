import { describe, expect, it } from "vitest";
import { healCreatedOnOrAfter, isHealListError, listHealCandidates, type HealCandidate } from "../../src/core/healCandidates";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const nowMs = Date.parse("2026-11-28T09:00:00Z");
const dayMs = 24 * 60 * 60 * 1000;
const otherPackage = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
// Every state at ages 1, 7, 13, 15 and 30 days (9 states and 5 ages cycle through all 45 pairs).
const seeded = seedAssignmentRequests({ count: 45, nowMs });
const otherPackageRequests = seedAssignmentRequests({ count: 2, nowMs, scope: 2, states: ["deliveryFailed"], accessPackageId: otherPackage });
// Failed inside its window, but created before a 60-day lookback: what the bound gives up.
const createdLongAgo = { ...seedAssignmentRequests({ count: 1, nowMs, scope: 3, states: ["deliveryFailed"] })[0], createdDateTime: new Date(nowMs - 70 * dayMs).toISOString() } as (typeof seeded)[number];

async function collected(iterable: AsyncIterable<HealCandidate>): Promise<HealCandidate[]> {
  const items: HealCandidate[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("listHealCandidates", () => {
  // Pages of 4, so every state's list takes several.
  const bed = useGraphTestBed({ emulator: { now: () => nowMs, pageSize: 4, assignmentRequests: [...seeded, ...otherPackageRequests, createdLongAgo] } });

  it("lists every deliveryFailed and partiallyDelivered request created inside the lookback, across pages, and nothing else", async () => {
    const candidates = await collected(listHealCandidates(bed.client, { nowMs, abortSignal: new AbortController().signal, lookbackDays: 60 }));
    const expected = [...seeded, ...otherPackageRequests].filter((request) => request.state === "deliveryFailed" || request.state === "partiallyDelivered");
    expect(candidates.map((candidate) => candidate.id).sort()).toEqual(expected.map((request) => request.id).sort());
    // 7 deliveryFailed and 5 partiallyDelivered requests in pages of 4: two pages each.
    expect(bed.emulator.requests.filter((recorded) => recorded.method === "GET")).toHaveLength(4);
  });

  it("says of each request whether its 14-day window is still open", async () => {
    const candidates = await collected(listHealCandidates(bed.client, { nowMs, abortSignal: new AbortController().signal, lookbackDays: 60 }));
    for (const candidate of candidates) {
      const ageDays = Math.round((nowMs - Date.parse(candidate.completedDateTime ?? "")) / dayMs);
      expect([candidate.id, candidate.insideWindow]).toEqual([candidate.id, ageDays <= 14]);
    }
    expect(candidates.filter((candidate) => candidate.insideWindow).length).toBeGreaterThan(0);
    expect(candidates.filter((candidate) => !candidate.insideWindow).length).toBeGreaterThan(0);
  });

  it("carries the access package, the requestor and the state of each request", async () => {
    const [first] = await collected(listHealCandidates(bed.client, { nowMs, abortSignal: new AbortController().signal, lookbackDays: 60, accessPackageId: otherPackage }));
    const source = otherPackageRequests[0];
    expect(first).toEqual({ id: source?.id, state: "deliveryFailed", accessPackageId: otherPackage, requestorObjectId: source?.requestorObjectId, completedDateTime: source?.completedDateTime, insideWindow: true });
  });

  it("narrows to one access package", async () => {
    const candidates = await collected(listHealCandidates(bed.client, { nowMs, abortSignal: new AbortController().signal, lookbackDays: 60, accessPackageId: otherPackage.toUpperCase() }));
    expect(candidates.map((candidate) => candidate.id).sort()).toEqual(otherPackageRequests.map((request) => request.id).sort());
  });

  it("filters on creation with the bound it is given, as an OData date Graph accepts", async () => {
    await collected(listHealCandidates(bed.client, { nowMs, abortSignal: new AbortController().signal, lookbackDays: 60 }));
    const bound = healCreatedOnOrAfter(nowMs, 60).toISOString();
    expect(decodeURIComponent(bed.emulator.requests[0]?.url ?? "")).toContain(`state eq 'deliveryFailed' and createdDateTime ge ${bound}`);
  });

  it("throws a HealListError keeping Graph's error as its cause when a page cannot be listed", async () => {
    bed.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });
    const error: unknown = await collected(listHealCandidates(bed.client, { nowMs, abortSignal: new AbortController().signal, lookbackDays: 60 })).catch((thrown: unknown) => thrown);
    expect(isHealListError(error)).toBe(true);
    expect(error).toMatchObject({ name: "HealListError", state: "deliveryFailed", status: 403, cause: { name: "GraphError", code: "Authorization_RequestDenied" } });
  });
});
