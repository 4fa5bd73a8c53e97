import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGraphTestBed, type GraphTestBed } from "../support/graph/graphTestBed";

const delivered = "11111111-1111-4111-8111-111111111111";

// A managed identity endpoint failure used to escape as the credential's exception: the webhook
// answered 500 and the queue threw, so the broker redelivered at once with no backoff.
describe("a Graph call when the managed identity endpoint fails", () => {
  let bed: GraphTestBed;

  beforeEach(async () => {
    // Each bed has a fresh client id, so no token is cached and the first call must ask for one.
    bed = await startGraphTestBed({ emulator: { assignments: [{ id: delivered, state: "delivered", accessPackageId: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", targetObjectId: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" }] } });
    bed.emulator.failIdentity({ status: 400, times: 1 });
  });
  afterEach(async () => bed.close());

  it("answers a tokenUnavailable GraphError value with no status instead of throwing", async () => {
    const response = await bed.client.reprocessAssignment(delivered);

    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe("tokenUnavailable");
    expect(response.error.status).toBeUndefined();
    expect(response.error.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bed.emulator.totalReprocesses()).toBe(0);
  });

  it("comes to the transient outcome unavailable, which the webhook answers 503 and the queue reschedules", async () => {
    const outcome = await bed.reprocessor.reprocess(delivered, { abortSignal: new AbortController().signal });

    expect(outcome.kind).toBe("unavailable");
  });

  it("gets a token again once the endpoint recovers", async () => {
    await bed.client.reprocessAssignment(delivered);
    const response = await bed.client.reprocessAssignment(delivered);

    expect(response.ok).toBe(true);
    expect(bed.emulator.reprocessCount(delivered)).toBe(1);
  });
});
