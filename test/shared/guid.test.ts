import { describe, expect, it } from "vitest";
import { parseAssignmentId } from "../../src/shared/guid";

describe("parseAssignmentId", () => {
  it("accepts a canonical lower-case GUID unchanged", () => {
    expect(parseAssignmentId("d82eb508-acc4-43cc-bcf1-7c1c4a2c073b")).toEqual({ ok: true, id: "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b" });
  });

  it("normalises an upper-case GUID to lower case", () => {
    expect(parseAssignmentId("D82EB508-ACC4-43CC-BCF1-7C1C4A2C073B")).toEqual({ ok: true, id: "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b" });
  });

  it.each([
    ["a GUID in braces", "{d82eb508-acc4-43cc-bcf1-7c1c4a2c073b}"],
    ["a GUID without dashes", "d82eb508acc443ccbcf17c1c4a2c073b"],
    ["a GUID with surrounding whitespace", " d82eb508-acc4-43cc-bcf1-7c1c4a2c073b "],
    ["a GUID with a trailing newline", "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b\n"],
    ["a path traversal", "../d82eb508-acc4-43cc-bcf1-7c1c4a2c073b"],
    ["an id with a slash", "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b/reprocess"],
    ["a percent-encoded slash", "d82eb508-acc4-43cc-bcf1%2F7c1c4a2c073b"],
    ["a query string", "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b?$select=id"],
    ["a fragment", "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b#x"],
    ["full-width unicode digits", "ｄ82eb508-acc4-43cc-bcf1-7c1c4a2c073b"],
    ["a non-GUID word", "not-a-guid"],
    ["an empty string", ""],
    ["a 10 kB string", "a".repeat(10_240)],
  ])("refuses %s", (_label, value) => {
    const result = parseAssignmentId(value);
    expect(result.ok).toBe(false);
  });

  it("refuses a value that is not a string", () => {
    expect(parseAssignmentId(42)).toEqual({ ok: false, reason: "The assignment id must be a string GUID." });
  });

  it("keeps the message short when the id is huge", () => {
    const result = parseAssignmentId("x".repeat(10_240));
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toContain("10240 characters");
    expect((result.ok ? "" : result.reason).length).toBeLessThan(300);
  });

  it("keeps the message short when the id is made of characters that escape to six", () => {
    const result = parseAssignmentId("\ud800".repeat(64));
    expect(result.ok).toBe(false);
    expect((result.ok ? "" : result.reason).length).toBeLessThan(300);
  });
});
