import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createReprocessAssignmentHttpHandler } from "../../src/functions/reprocessAssignmentHttp";
import type { OutcomeEvent, Telemetry } from "../../src/core/telemetry";
import { invokeHttp } from "../support/host/functionInvocation";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const delivered = "11111111-1111-4111-8111-111111111111";
const expired = "44444444-4444-4444-8444-444444444444";
const unknown = "66666666-6666-4666-8666-666666666666";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("POST /api/assignments/{id}/reprocess", () => {
  const bed = useGraphTestBed({
    emulator: {
      assignments: [
        { id: delivered, state: "delivered", accessPackageId: pkg, targetObjectId: pkg },
        { id: expired, state: "expired", accessPackageId: pkg, targetObjectId: pkg },
      ],
    },
  });
  let handler: ReturnType<typeof createReprocessAssignmentHttpHandler>;
  const events: OutcomeEvent[] = [];

  beforeAll(() => {
    const telemetry: Telemetry = { trackOutcome: (event) => events.push(event), trackGraphCall: () => undefined, trackQueueAction: () => undefined, trackHealSweep: () => undefined, trackVerification: () => undefined };
    handler = createReprocessAssignmentHttpHandler({ reprocessor: bed.reprocessor, telemetry, cloud: "Global" });
  });
  afterEach(() => {
    events.length = 0;
  });

  const call = (id: string) => invokeHttp(handler, { params: { id } });

  it("answers 202 with an empty body and both Graph ids in headers", async () => {
    const { response } = await call(delivered);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    expect(response.headers.get("client-request-id")).toMatch(guidPattern);
    expect(response.headers.get("request-id")).toMatch(guidPattern);
    expect(response.headers.get("client-request-id")).toBe(bed.emulator.requests.at(-1)?.clientRequestId);
  });

  it("answers 404 with a Graph-shaped body for an unknown assignment", async () => {
    const { response } = await call(unknown);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "assignmentNotFound" } });
  });

  it("answers 409 naming the state of a non-delivered assignment", async () => {
    const { response } = await call(expired);
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("assignmentNotDelivered");
    expect(body.error.message).toContain("'expired'");
  });

  it("answers 429 with Retry-After when Graph is still throttling after the inline budget", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "throttle", retryAfterSeconds: 42 } });
    const { response } = await call(delivered);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(await response.json()).toMatchObject({ error: { code: "graphThrottled" } });
  });

  it("answers 503 with Retry-After when Graph stays down", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 503 }, times: 10 });
    const { response } = await call(delivered);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers 502 telling the operator which permission to grant when Graph answers 403", async () => {
    bed.emulator.injectFault({ fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });
    const { response } = await call(delivered);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("graphForbidden");
    expect(body.error.message).toContain("EntitlementManagement.ReadWrite.All");
  });

  it("answers 502 with Graph's status for an unexpected answer", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 418, body: "<html/>", contentType: "text/html" } });
    const { response } = await call(delivered);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("418");
  });

  it.each([
    ["a non-GUID id", "hello"],
    ["a GUID in braces", `{${delivered}}`],
    ["an id with a slash", `${delivered}/x`],
    ["an id with ..", ".."],
    ["an id with %2F", `${delivered}%2F..`],
    ["an id with ?", `${delivered}?a=b`],
    ["an id with #", `${delivered}#frag`],
    ["an id with whitespace", ` ${delivered}`],
    ["an id with unicode", `${delivered.slice(0, -1)}é`],
    ["an empty id", ""],
    ["a 10 kB id", "f".repeat(10_240)],
  ])("answers 400 with a clear message and makes no Graph request for %s", async (_label, id) => {
    const { response } = await call(id);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalidAssignmentId");
    expect(body.error.message).toMatch(/GUID/);
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("never puts a stack trace in a body", async () => {
    bed.emulator.injectFault({ fault: { kind: "status", status: 500, body: "Error: boom\n    at x (y.js:1:1)", contentType: "text/plain" } });
    const { response } = await call(delivered);
    expect(await response.text()).not.toMatch(/\n\s+at /);
  });

  it("reports one outcome event with the HTTP status and Graph ids", async () => {
    await call(delivered);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "accepted", source: "http", cloud: "Global", httpStatus: 202, attempt: 1, assignmentId: delivered });
    expect(events[0]?.clientRequestId).toMatch(guidPattern);
  });
});
