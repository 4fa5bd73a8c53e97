import { describe, expect, it } from "vitest";
import { cancelledItemResult, formatResultTable, formatSummary, itemResultFromOutcome, type ReprocessItemResult } from "../../src/cli/reprocessItemResult";

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

describe("formatResultTable", () => {
  it("aligns every column but the last, detail, which is left ragged", () => {
    const table = formatResultTable([
      { id: "00000100-a551-4000-8000-000000000002", outcome: "accepted", detail: "reprocess accepted", attempts: 1, source: "argument 1", graphRequestId: "r-1" },
      { id: "nope", outcome: "invalidId", detail: "not a GUID", attempts: 0, source: "argument 2" },
    ]);

    expect(table).toBe(
      [
        "ASSIGNMENT ID                         OUTCOME    ATTEMPTS  GRAPH REQUEST-ID  DETAIL",
        "00000100-a551-4000-8000-000000000002  accepted   1         r-1               reprocess accepted",
        "nope                                  invalidId  0         -                 not a GUID",
        "",
      ].join("\n"),
    );
  });

  it("keeps each result on one line, whatever line breaks its detail holds", () => {
    const table = formatResultTable([{ id: "x", outcome: "failed", detail: "Graph answered 500\nInternalServerError", attempts: 1, source: "argument 1" }]);

    expect(table.trimEnd().split("\n")).toHaveLength(2);
  });
});

function result(outcome: ReprocessItemResult["outcome"]): ReprocessItemResult {
  return { id: "x", outcome, detail: "", attempts: 1, source: "argument 1" };
}

describe("formatSummary", () => {
  it("counts each outcome, accepted first and transient ones last", () => {
    expect(formatSummary([result("throttled"), result("accepted"), result("notFound"), result("accepted")])).toBe("4 items: 2 accepted, 1 notFound, 1 throttled\n");
  });

  it("says 1 item, not 1 items", () => {
    expect(formatSummary([result("accepted")])).toBe("1 item: 1 accepted\n");
  });
});
