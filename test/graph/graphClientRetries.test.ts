import { describe, expect, it } from "vitest";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const delivered = "11111111-1111-4111-8111-111111111111";
const reprocessPath = `/v1.0/identityGovernance/entitlementManagement/assignments/${delivered}/reprocess`;

describe("GraphClient inline retries", () => {
  const bed = useGraphTestBed({
    emulator: { assignments: [{ id: delivered, state: "delivered", accessPackageId: delivered, targetObjectId: delivered }] },
    graph: { inlineRetryBudgetMs: 2_500, maxInlineRetries: 3, requestTimeoutMs: 300, backoff: { baseDelayMs: 20, maxDelayMs: 80 } },
  });

  it("waits as long as Retry-After says and then succeeds", async () => {
    bed.emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 1 } });
    const started = performance.now();
    const response = await bed.client.reprocessAssignment(delivered);
    expect(response.ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(bed.emulator.requests.filter((request) => request.path === reprocessPath).map((request) => request.status)).toEqual([429, 202]);
  });

  it("hands a 429 back at once when its Retry-After would overrun the budget", async () => {
    bed.emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 30 } });
    const started = performance.now();
    const response = await bed.client.reprocessAssignment(delivered);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(!response.ok && response.error.status).toBe(429);
    expect(!response.ok && response.error.retryAfterMs).toBe(30_000);
  });

  it("stops once the waits so far plus the next would overrun the budget", async () => {
    bed.emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 1 }, times: 5 });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(!response.ok && response.error.status).toBe(429);
    expect(!response.ok && response.error.retries).toBe(2);
    expect(bed.emulator.requests).toHaveLength(3);
  });

  it("backs off exponentially on a 429 without Retry-After", async () => {
    bed.emulator.injectFault({ fault: { kind: "throttle" } });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(response.ok).toBe(true);
    expect(bed.emulator.requests.map((request) => request.status)).toEqual([429, 202]);
  });

  it.each([503, 504])("retries a %i", async (status) => {
    bed.emulator.injectFault({ fault: { kind: "status", status } });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(response.ok && response.retries).toBe(1);
  });

  it.each([500, 400, 403, 404])("does not retry a %i", async (status) => {
    bed.emulator.injectFault({ fault: { kind: "status", status } });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(!response.ok && response.error.status).toBe(status);
    expect(bed.emulator.requests).toHaveLength(1);
  });

  it("retries a reset connection", async () => {
    bed.emulator.injectFault({ fault: { kind: "reset" } });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(response.ok && response.retries).toBe(1);
  });

  it("retries an attempt that outlives the request timeout", async () => {
    bed.emulator.injectFault({ fault: { kind: "hang" } });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(response.ok && response.retries).toBe(1);
  });

  it("gives up after the maximum retries with a timeout error when Graph never answers", async () => {
    bed.emulator.injectFault({ fault: { kind: "hang" }, times: 10 });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(!response.ok && response.error.code).toBe("timeout");
    expect(!response.ok && response.error.status).toBeUndefined();
    expect(!response.ok && response.error.retries).toBe(3);
  });

  it("reports each logical call once, with its retries, to the call observer", async () => {
    bed.calls.length = 0;
    bed.emulator.injectFault({ fault: { kind: "status", status: 503 } });
    await bed.client.reprocessAssignment(delivered);
    expect(bed.calls).toHaveLength(1);
    expect(bed.calls[0]).toMatchObject({ operation: "reprocessAssignment", method: "POST", status: 202, succeeded: true, retries: 1 });
  });
});
