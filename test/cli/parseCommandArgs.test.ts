import { describe, expect, it } from "vitest";
import { parseCommandArgs } from "../../src/cli/parseCommandArgs";
import { UsageError } from "../../src/cli/cliCommand";

const options = { file: { type: "string", short: "f", multiple: true }, "check-state": { type: "boolean" }, json: { type: "boolean" } } as const;

describe("parseCommandArgs", () => {
  it("separates flags from positional ids, in any order", () => {
    const { values, positionals } = parseCommandArgs(["a", "--json", "b", "-f", "x.csv", "--file", "y.txt"], options);

    expect(positionals).toEqual(["a", "b"]);
    expect(values).toEqual({ json: true, file: ["x.csv", "y.txt"] });
  });

  it("reads --no-<flag> as false", () => {
    expect(parseCommandArgs(["--no-check-state"], options).values["check-state"]).toBe(false);
  });

  it("refuses an unknown flag with a UsageError naming it", () => {
    expect(() => parseCommandArgs(["--concurency", "4"], options)).toThrow(UsageError);
    expect(() => parseCommandArgs(["--concurency", "4"], options)).toThrow("--concurency");
  });

  it("refuses a string flag given without its value", () => {
    expect(() => parseCommandArgs(["--file"], options)).toThrow(UsageError);
  });
});
