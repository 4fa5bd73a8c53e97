import { describe, expect, it } from "vitest";
import { integerFlag } from "../../src/cli/integerFlag";

const range = { defaultValue: 4, min: 1, max: 32 };

describe("integerFlag", () => {
  it("uses the default when the flag is absent", () => {
    expect(integerFlag("concurrency", undefined, range)).toBe(4);
  });

  it("reads a whole number in range", () => {
    expect(integerFlag("concurrency", "16", range)).toBe(16);
  });

  it.each(["0", "33", "2.5", "-1", "four", ""])("refuses %j naming the flag and its range", (value) => {
    expect(() => integerFlag("concurrency", value, range)).toThrow("--concurrency must be a whole number from 1 to 32");
  });
});
