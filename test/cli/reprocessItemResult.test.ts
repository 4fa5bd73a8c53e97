import { describe, expect, it } from "vitest";
import { cancelledItemResult, itemResultFromOutcome } from "../../src/cli/reprocessItemResult";

const entry = { value: "00000100-A551-4000-8000-000000000002", source: "ids.csv:2" };
const assignmentId = "00000100-a551-4000-8000-000000000002";
const graph = { requestId: "r-1", clientRequestId: "c-1" };

describe("itemResultFromOutcome", () => {
  it("reports an invalid id as written, with no attempt counted", () => {
    expect(itemResultFromOutcome({ value: "nope", source: "argument 1" }, { kind: "invalidId", reason: "not a GUID", graphCalls: 0 }, 1)).toEqual({
      id: "nope",
      outcome: "invalidId",
      detail: "not a GUID",
      attempts: 0,
      source: "argument 1",
    });
  });

  it("carries Graph's request-id and the client-request-id", () => {
    expect(itemResultFromOutcome(entry, { kind: "accepted", assignmentId, graph, graphCalls: 2 }, 1)).toMatchObject({
      id: assignmentId,
      graphRequestId: "r-1",
      clientRequestId: "c-1",
    });
  });

  it("says a still-throttled id gave up after its attempts and should be run again later", () => {
    const result = itemResultFromOutcome(entry, { kind: "throttled", assignmentId, graph, graphCalls: 1, retryAfterMs: 30_000, message: "Graph is throttling this app." }, 5);

    expect(result).toMatchObject({ outcome: "throttled", retryAfterMs: 30_000 });
    expect(result.detail).toBe("Graph is throttling this app. Gave up after 5 attempts; run it again later.");
  });
});

describe("cancelledItemResult", () => {
  it("says how far an interrupted id got", () => {
    const last = { kind: "throttled", assignmentId, graph, graphCalls: 1, retryAfterMs: 1_000, message: "" } as const;

    expect(cancelledItemResult(entry, 1, last)).toMatchObject({ id: assignmentId, outcome: "cancelled", detail: "interrupted while waiting to retry (last answer: throttled)" });
  });
});
