import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../src/cli/closestName";

describe("editDistance", () => {
  it("counts a swap of two neighbouring characters as one edit", () => {
    expect(editDistance("wiat", "wait")).toBe(1);
  });

  it("counts insertions, deletions and substitutions one each", () => {
    expect(editDistance("concurency", "concurrency")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("is zero for the same text", () => {
    expect(editDistance("dry-run", "dry-run")).toBe(0);
  });
});

describe("closestName", () => {
  it("picks the nearest candidate, ignoring case", () => {
    expect(closestName("--JSNO", ["--json", "--cloud"])).toBe("--json");
  });

  it("suggests nothing for a word that is not a slip of any candidate", () => {
    expect(closestName("--verbose", ["--json", "--cloud", "--dry-run"])).toBeUndefined();
  });

  it("suggests nothing for a short input most of whose characters would change", () => {
    expect(closestName("-x", ["-f", "-h"])).toBeUndefined();
  });
});
