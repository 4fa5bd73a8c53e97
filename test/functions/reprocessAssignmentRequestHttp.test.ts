import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AssignmentRequestReprocessor } from "../../src/core/assignmentRequestReprocessor";
import { createReprocessAssignmentRequestHttpHandler } from "../../src/functions/reprocessAssignmentRequestHttp";
import { invokeHttp } from "../support/host/functionInvocation";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";
import { RecordingTelemetry } from "../support/recordingTelemetry";

const nowMs = Date.parse("2026-11-28T09:00:00Z");
const dayMs = 24 * 60 * 60 * 1000;
// A request that failed a day ago, one that failed 30 days ago, and one that was denied.
const seeded = seedAssignmentRequests({ count: 3, states: ["deliveryFailed", "deliveryFailed", "denied"], agesMs: [dayMs, 30 * dayMs, dayMs], nowMs, scope: 80 });
const [failed, failedLongAgo, denied] = seeded.map((request) => request.id) as [string, string, string];
const unknown = "10000000-0000-4000-8000-0000000000ff";
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ErrorBody {
  error: { code: string; message: string };
}

describe("POST /api/assignmentRequests/{id}/reprocess", () => {
  const bed = useGraphTestBed({ emulator: { now: () => nowMs, assignmentRequests: seeded } });
  const telemetry = new RecordingTelemetry();
  let handler: ReturnType<typeof createReprocessAssignmentRequestHttpHandler>;

  beforeAll(() => {
    handler = createReprocessAssignmentRequestHttpHandler({ requestReprocessor: new AssignmentRequestReprocessor(bed.client, { now: () => nowMs }), telemetry, cloud: "Global" });
  });
  beforeEach(() => {
    for (const seed of seeded) bed.emulator.upsertAssignmentRequest(seed);
  });
  afterEach(() => {
    telemetry.clear();
  });

  const call = (id: string) => invokeHttp(handler, { url: `http://localhost:7071/api/assignmentRequests/${encodeURIComponent(id)}/reprocess`, params: { id } });

  it("answers 202 with an empty body and both Graph ids in headers", async () => {
    const { response } = await call(failed);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    expect(response.headers.get("request-id")).toMatch(guidPattern);
    expect(response.headers.get("client-request-id")).toBe(bed.emulator.requests.at(-1)?.clientRequestId);
    expect(bed.emulator.getAssignmentRequest(failed)?.state).not.toBe("deliveryFailed");
  });

  it("answers 400 invalidAssignmentRequestId without any Graph request", async () => {
    const { response } = await call("{" + failed + "}");
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ code: "invalidAssignmentRequestId", message: expect.stringContaining("assignment request id") as unknown });
    expect(bed.emulator.requests).toEqual([]);
  });

  it("answers 404 assignmentRequestNotFound for an unknown request", async () => {
    const { response } = await call(unknown);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe("assignmentRequestNotFound");
  });

  it("answers 409 requestNotReprocessable naming the state of a request in another state", async () => {
    const { response } = await call(denied);
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ code: "requestNotReprocessable", message: expect.stringContaining("'denied'") as unknown });
    expect(response.headers.get("client-request-id")).toMatch(guidPattern);
  });

  it("answers 409 requestNotReprocessable naming the completion time of a request past its window", async () => {
    const { response } = await call(failedLongAgo);
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorBody).error.message).toContain(new Date(nowMs - 30 * dayMs).toISOString());
  });

  it("answers 429 with Graph's Retry-After when Graph keeps throttling", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
    const { response } = await call(failed);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(((await response.json()) as ErrorBody).error.code).toBe("graphThrottled");
  });

  it("answers 503 with a Retry-After when Graph stays unavailable", async () => {
    bed.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "status", status: 503 }, times: 10 });
    const { response } = await call(failed);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
  });

  it("answers 502 graphForbidden naming the permission when Graph refuses the app", async () => {
    bed.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });
    const { response } = await call(failed);
    expect(response.status).toBe(502);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ code: "graphForbidden", message: expect.stringContaining("EntitlementManagement.ReadWrite.All") as unknown });
  });

  it("records one outcome event with the request id, the answered status and both Graph ids", async () => {
    await call(denied);
    expect(telemetry.outcomes).toEqual([
      expect.objectContaining({ outcome: "notReprocessable", source: "http", cloud: "Global", assignmentRequestId: denied, httpStatus: 409, attempt: 1, graphRequestId: expect.stringMatching(guidPattern) as unknown }),
    ]);
    expect(telemetry.outcomes[0]).not.toHaveProperty("assignmentId");
  });
});
