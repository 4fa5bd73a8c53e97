import { describe, expect, it } from "vitest";
import { formatResultTable } from "../../src/cli/resultTable";

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
