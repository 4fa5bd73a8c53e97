import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/cliCommand";
import { integerFlag, parseCommandArgs } from "../../src/cli/commandArgs";

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

  it("suggests the closest real flag for a mistyped one", () => {
    expect(() => parseCommandArgs(["--wiat"], { wait: { type: "boolean" }, json: { type: "boolean" } })).toThrow("Unknown option '--wiat'. Did you mean '--wait'?");
  });

  it("suggests nothing when no flag is close to the one typed", () => {
    expect(() => parseCommandArgs(["--verbose"], options)).toThrow(/^Unknown option '--verbose'\.$/);
  });

  it("suggests the --no- form of a boolean flag", () => {
    expect(() => parseCommandArgs(["--no-check-sate"], options)).toThrow("Did you mean '--no-check-state'?");
  });

  it("refuses a string flag given without its value", () => {
    expect(() => parseCommandArgs(["--file"], options)).toThrow(UsageError);
  });
});

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
