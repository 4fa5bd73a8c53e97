import { describe, expect, it } from "vitest";
import type { ReprocessItemResult } from "../../src/cli/reprocessItemResult";
import { formatSummary } from "../../src/cli/resultSummary";

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
