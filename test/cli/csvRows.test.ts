import { describe, expect, it } from "vitest";
import { parseCsvRows } from "../../src/cli/csvRows";

function cellsOf(text: string): (readonly string[])[] {
  const parsed = parseCsvRows(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.rows.map((row) => row.cells);
}

describe("parseCsvRows", () => {
  it("splits rows on LF, CRLF and lone CR alike", () => {
    expect(cellsOf("a,b\nc,d\r\ne,f\rg,h")).toEqual([["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]);
  });

  it("ignores a UTF-8 byte order mark", () => {
    expect(cellsOf("\uFEFFid\nx")).toEqual([["id"], ["x"]]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks inside", () => {
    expect(cellsOf('"a,1","say ""hi""","two\nlines"')).toEqual([["a,1", 'say "hi"', "two\nlines"]]);
  });

  it("trims spaces around fields, quoted or not", () => {
    expect(cellsOf(' a , "b" ,c ')).toEqual([["a", "b", "c"]]);
  });

  it("keeps a blank line as a row of one empty cell", () => {
    expect(cellsOf("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
  });

  it("does not add a row for the final line break", () => {
    expect(cellsOf("a\r\n")).toEqual([["a"]]);
  });

  it("numbers each row by the line it starts on, counting line breaks inside quotes", () => {
    const parsed = parseCsvRows('"x\r\ny",1\nz,2');

    expect(parsed.ok && parsed.rows.map((row) => row.line)).toEqual([1, 3]);
  });

  it("refuses an unterminated quote, naming the line it opened on", () => {
    expect(parseCsvRows('a\n"b,c\nd')).toEqual({ ok: false, line: 2, reason: "the quoted field that starts on line 2 is never closed" });
  });
});
