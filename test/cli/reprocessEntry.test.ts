import { describe, expect, it } from "vitest";
import { dedupeEntries } from "../../src/cli/reprocessEntry";

const id = "00000100-a551-4000-8000-000000000002";

describe("dedupeEntries", () => {
  it("keeps the first of repeated ids, whatever their case, and lists the rest", () => {
    const result = dedupeEntries([
      { value: id, source: "argument 1" },
      { value: id.toUpperCase(), source: "ids.csv:4" },
    ]);

    expect(result.entries.map((e) => e.source)).toEqual(["argument 1"]);
    expect(result.duplicates.map((e) => e.source)).toEqual(["ids.csv:4"]);
  });

  it("keeps every entry that is not a GUID, so each is reported where it stands", () => {
    const result = dedupeEntries([
      { value: "nope", source: "ids.csv:2" },
      { value: "nope", source: "ids.csv:3" },
    ]);

    expect(result.entries).toHaveLength(2);
  });
});
