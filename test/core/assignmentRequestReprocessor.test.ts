import { beforeEach, describe, expect, it } from "vitest";
import { AssignmentRequestReprocessor } from "../../src/core/assignmentRequestReprocessor";
import type { EmulatedAssignmentRequest } from "../support/graph/emulatedAssignmentRequest";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const nowMs = Date.parse("2026-11-28T09:00:00Z");
const dayMs = 24 * 60 * 60 * 1000;
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const user = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const ids = {
  failed: "10000000-0000-4000-8000-000000000001",
  partial: "10000000-0000-4000-8000-000000000002",
  failedLongAgo: "10000000-0000-4000-8000-000000000003",
  delivered: "10000000-0000-4000-8000-000000000004",
  pending: "10000000-0000-4000-8000-000000000005",
  failedNearEdge: "10000000-0000-4000-8000-000000000006",
  unknown: "10000000-0000-4000-8000-0000000000ff",
} as const;

function request(id: string, state: EmulatedAssignmentRequest["state"], completedAgoMs: number | undefined): EmulatedAssignmentRequest {
  return {
    id,
    state,
    requestType: "userAdd",
    createdDateTime: new Date(nowMs - (completedAgoMs ?? 0) - dayMs).toISOString(),
    ...(completedAgoMs === undefined ? {} : { completedDateTime: new Date(nowMs - completedAgoMs).toISOString() }),
    accessPackageId: pkg,
    requestorObjectId: user,
  };
}

const otherStates = ["submitted", "pendingApproval", "delivering", "delivered", "denied", "scheduled", "canceled"] as const;
const otherStateIds = otherStates.map((_, index) => `20000000-0000-4000-8000-00000000000${index}`);

const seeded: readonly EmulatedAssignmentRequest[] = [
  request(ids.failed, "deliveryFailed", dayMs),
  request(ids.partial, "partiallyDelivered", 3 * dayMs),
  request(ids.failedLongAgo, "deliveryFailed", 20 * dayMs),
  request(ids.delivered, "delivered", dayMs),
  request(ids.pending, "pendingApproval", undefined),
  request(ids.failedNearEdge, "deliveryFailed", 14 * dayMs + 60 * 60 * 1000),
  ...otherStates.map((state, index) => request(otherStateIds[index] ?? "", state, state === "submitted" || state === "pendingApproval" || state === "scheduled" ? undefined : dayMs)),
];

describe("AssignmentRequestReprocessor", () => {
  const bed = useGraphTestBed({ emulator: { now: () => nowMs, assignmentRequests: seeded } });
  // An accepted reprocess moves a request on: every test starts from the seeded states.
  beforeEach(() => {
    for (const seed of seeded) bed.emulator.upsertAssignmentRequest(seed);
  });
  const reprocessor = (now: () => number = () => nowMs) => new AssignmentRequestReprocessor(bed.client, { now });
  const calls = () => bed.emulator.requests.map((recorded) => `${recorded.method} ${recorded.url}`);

  it("reads the state and completion time, then reprocesses a failed request", async () => {
    const outcome = await reprocessor().reprocess(ids.failed, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "accepted", assignmentRequestId: ids.failed, graphCalls: 2 });
    expect(calls()).toEqual([
      `GET /v1.0/identityGovernance/entitlementManagement/assignmentRequests/${ids.failed}?$select=id%2Cstate%2CcompletedDateTime`,
      `POST /v1.0/identityGovernance/entitlementManagement/assignmentRequests/${ids.failed}/reprocess`,
    ]);
  });

  it("reports the reprocess call's Graph ids on an accepted request", async () => {
    const outcome = await reprocessor().reprocess(ids.partial.toUpperCase(), { abortSignal: new AbortController().signal });
    expect(outcome.kind === "accepted" && outcome.graph.clientRequestId).toBe(bed.emulator.requests.at(-1)?.clientRequestId);
  });

  it("answers invalidId, saying 'assignment request id', without any Graph request", async () => {
    const outcome = await reprocessor().reprocess("../assignments", { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "invalidId", graphCalls: 0, reason: expect.stringContaining("assignment request id") as unknown });
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("answers notFound for an unknown request, naming it as a request", async () => {
    expect(await reprocessor().reprocess(ids.unknown, { abortSignal: new AbortController().signal })).toMatchObject({ kind: "notFound", message: expect.stringContaining(`Assignment request ${ids.unknown}`) as unknown, graphCalls: 1 });
  });

  it.each(otherStates.map((state, index) => [state, otherStateIds[index] ?? ""]))("answers notReprocessable naming the state %s, without calling reprocess", async (state, id) => {
    const outcome = await reprocessor().reprocess(id, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "notReprocessable", why: "state", state, message: expect.stringContaining(`'${state}'`) as unknown });
    expect(bed.emulator.requests.some((recorded) => recorded.method === "POST")).toBe(false);
  });

  it("answers notReprocessable for a request that failed more than 14 days ago, naming when it completed", async () => {
    const outcome = await reprocessor().reprocess(ids.failedLongAgo, { abortSignal: new AbortController().signal });
    const completed = new Date(nowMs - 20 * dayMs).toISOString();
    expect(outcome).toMatchObject({ kind: "notReprocessable", why: "windowClosed", state: "deliveryFailed", completedDateTime: completed, message: expect.stringContaining(completed) as unknown });
    expect(bed.emulator.requests.some((recorded) => recorded.method === "POST")).toBe(false);
  });

  it("reads again after Graph refuses, and names the window that closed in between", async () => {
    // Graph's clock has closed the window; the reprocessor's says open at its first read and closed at its second.
    let reads = 0;
    const outcome = await reprocessor(() => (reads++ === 0 ? nowMs - 2 * 60 * 60 * 1000 : nowMs)).reprocess(ids.failedNearEdge, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "notReprocessable", why: "windowClosed", graphCalls: 3 });
  });

  it("answers failed with Graph's refusal when the second read still finds the request reprocessable", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 409, code: "Conflict" } });
    const outcome = await reprocessor().reprocess(ids.failed, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "failed", status: 409, code: "Conflict", graphCalls: 3 });
  });

  it("answers throttled with Graph's Retry-After once the inline budget is spent", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 120 } });
    expect(await reprocessor().reprocess(ids.failed, { abortSignal: new AbortController().signal })).toMatchObject({ kind: "throttled", retryAfterMs: 120_000 });
  });

  it("answers unavailable when Graph keeps failing with 503", async () => {
    bed.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "status", status: 503 }, times: 10 });
    expect(await reprocessor().reprocess(ids.failed, { abortSignal: new AbortController().signal })).toMatchObject({ kind: "unavailable", status: 503, graphCalls: 1 });
  });

  it("answers forbidden naming the permission when Graph refuses with 403", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });
    expect(await reprocessor().reprocess(ids.failed, { abortSignal: new AbortController().signal })).toMatchObject({ kind: "forbidden", status: 403, requiredPermission: "EntitlementManagement.ReadWrite.All" });
  });

  it("stops with an AbortError when its abort signal fires, before calling reprocess", async () => {
    bed.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "hang" } });
    await expect(reprocessor().reprocess(ids.failed, { abortSignal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: "AbortError" });
    expect(bed.emulator.requests.some((recorded) => recorded.method === "POST")).toBe(false);
  });
});
