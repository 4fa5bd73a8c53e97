import { describe, expect, it } from "vitest";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const ids = {
  delivered: "11111111-1111-4111-8111-111111111111",
  delivering: "22222222-2222-4222-8222-222222222222",
  partiallyDelivered: "33333333-3333-4333-8333-333333333333",
  expired: "44444444-4444-4444-8444-444444444444",
  deliveryFailed: "55555555-5555-4555-8555-555555555555",
  unknown: "66666666-6666-4666-8666-666666666666",
} as const;
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

const assignments = (["delivered", "delivering", "partiallyDelivered", "expired", "deliveryFailed"] as const).map((state) => ({
  id: ids[state],
  state,
  accessPackageId: pkg,
  targetObjectId: pkg,
}));

describe("AssignmentReprocessor", () => {
  const bed = useGraphTestBed({ emulator: { assignments } });

  it("accepts a delivered assignment and reports Graph's ids", async () => {
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "accepted", assignmentId: ids.delivered, graphCalls: 2 });
    const reprocessCall = bed.emulator.requests.at(-1);
    expect(outcome.kind === "accepted" && outcome.graph.clientRequestId).toBe(reprocessCall?.clientRequestId);
    expect(bed.emulator.reprocessCount(ids.delivered)).toBeGreaterThan(0);
  });

  it("checks the state with a GET selecting only id and state before reprocessing", async () => {
    await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(bed.emulator.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET /v1.0/identityGovernance/entitlementManagement/assignments/${ids.delivered}?$select=id%2Cstate`,
      `POST /v1.0/identityGovernance/entitlementManagement/assignments/${ids.delivered}/reprocess`,
    ]);
  });

  it("normalises an upper-case id before it reaches Graph", async () => {
    const outcome = await bed.reprocessor.reprocess(ids.delivered.toUpperCase(), { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "accepted", assignmentId: ids.delivered });
  });

  it("skips the state check when the caller says the state is known", async () => {
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { checkState: false, abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "accepted", graphCalls: 1 });
    expect(bed.emulator.requests.map((request) => request.method)).toEqual(["POST"]);
  });

  it("answers invalidId without any Graph request", async () => {
    const outcome = await bed.reprocessor.reprocess("../servicePrincipals", { abortSignal: new AbortController().signal });
    expect(outcome.kind).toBe("invalidId");
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("answers notFound for an unknown assignment", async () => {
    expect((await bed.reprocessor.reprocess(ids.unknown, { abortSignal: new AbortController().signal })).kind).toBe("notFound");
  });

  it.each(["delivering", "partiallyDelivered", "expired", "deliveryFailed"] as const)("answers notDelivered naming the state %s, without calling reprocess", async (state) => {
    const outcome = await bed.reprocessor.reprocess(ids[state], { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "notDelivered", state });
    expect(bed.emulator.requests.some((request) => request.method === "POST")).toBe(false);
  });

  it("still answers notDelivered when the check was skipped and Graph refuses with 400", async () => {
    const outcome = await bed.reprocessor.reprocess(ids.expired, { checkState: false, abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "notDelivered", state: "expired", graphCalls: 2 });
  });

  it("answers throttled with Graph's Retry-After once the inline budget is spent", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 120 } });
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "throttled", retryAfterMs: 120_000 });
  });

  it("answers unavailable when Graph keeps failing with 503", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 503 }, times: 10 });
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "unavailable", status: 503 });
  });

  it("answers unavailable when Graph cannot be reached", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "reset" }, times: 10 });
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "unavailable", status: undefined });
  });

  it("answers forbidden naming the permission to grant when Graph answers 403", async () => {
    bed.emulator.injectFault({ fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "forbidden", status: 403, requiredPermission: "EntitlementManagement.ReadWrite.All" });
    expect(outcome.kind === "forbidden" && outcome.message).toContain("EntitlementManagement.ReadWrite.All");
  });

  it("answers failed with the status for an unexpected Graph answer", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 418, body: "not json", contentType: "text/plain" } });
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "failed", status: 418 });
  });
});

describe("AssignmentReprocessor when Graph answers 409 for a non-delivered assignment", () => {
  const bed = useGraphTestBed({
    emulator: { assignments, nonDeliveredReprocess: { status: 409, code: "Conflict", message: "The assignment is not in a state that allows reprocessing." } },
  });

  it("answers notDelivered with the state it then looks up", async () => {
    const outcome = await bed.reprocessor.reprocess(ids.deliveryFailed, { checkState: false, abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "notDelivered", state: "deliveryFailed" });
  });
});

describe("AssignmentReprocessor without the permission", () => {
  const bed = useGraphTestBed({ emulator: { assignments, grantedRoles: [] } });

  it("answers forbidden when the identity's token lacks EntitlementManagement.ReadWrite.All", async () => {
    const outcome = await bed.reprocessor.reprocess(ids.delivered, { abortSignal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "forbidden", status: 403 });
  });
});
