import { describe, expect, it } from "vitest";
import { dedupeEntries, parseIdList } from "../../src/cli/reprocessEntries";

const a = "00000100-a551-4000-8000-000000000002";
const b = "00000100-a551-4000-8000-000000000003";

function valuesOf(text: string): string[] {
  const parsed = parseIdList(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.entries.map((entry) => entry.value);
}

describe("parseIdList", () => {
  it("reads one id per line from a plain text file", () => {
    expect(valuesOf(`${a}\n${b}\n`)).toEqual([a, b]);
  });

  it("reads the column named id from a CSV with a header", () => {
    expect(valuesOf(`user,id,note\nalice,${a},x\nbob,${b},y`)).toEqual([a, b]);
  });

  it("recognises assignmentId, Assignment Id and assignment_id as the id column", () => {
    expect(valuesOf(`name,assignmentId\nx,${a}`)).toEqual([a]);
    expect(valuesOf(`name,Assignment Id\nx,${a}`)).toEqual([a]);
    expect(valuesOf(`name,assignment_id\nx,${a}`)).toEqual([a]);
  });

  it("reads the first column when no header names an id column", () => {
    expect(valuesOf(`${a},first\n${b},second`)).toEqual([a, b]);
  });

  it("keeps a first row that is neither a header nor a GUID, so the mistake is reported", () => {
    expect(valuesOf(`not-a-guid\n${a}`)).toEqual(["not-a-guid", a]);
  });

  it("skips blank lines and # comments but keeps an empty id cell", () => {
    expect(valuesOf(`# exported today\n\n${a}\n   \n,orphan`)).toEqual([a, ""]);
  });

  it("copes with a BOM, CRLF and quoted ids from a spreadsheet export", () => {
    expect(valuesOf(`\uFEFF"id","name"\r\n"${a}","x"\r\n"${b}","y"\r\n`)).toEqual([a, b]);
  });

  it("numbers entries by their line in the file", () => {
    const parsed = parseIdList(`id\n\n${a}\n${b}`);

    expect(parsed.ok && parsed.entries.map((entry) => entry.line)).toEqual([3, 4]);
  });

  it("says which header column it read", () => {
    const parsed = parseIdList(`user,AssignmentId\nx,${a}`);

    expect(parsed.ok && parsed.header).toBe("AssignmentId");
  });

  it("refuses a file with an unterminated quote", () => {
    expect(parseIdList(`"${a}\n${b}`)).toEqual({ ok: false, reason: "line 1: the quoted field that starts on line 1 is never closed" });
  });
});

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
