import { describe, expect, it } from "vitest";
import { finishCommand, type FinishCommandOptions } from "../../src/cli/finishCommand";
import { TextBuffer } from "../support/textBuffer";

interface Printed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const succeeded: FinishCommandOptions = { json: false, document: () => ({ items: 1 }), table: () => "TABLE\n", summary: "1 item\n", succeeded: true };

function finish(options: FinishCommandOptions): Printed {
  const context = { stdout: new TextBuffer(), stderr: new TextBuffer() };
  const code = finishCommand(context, options);
  return { code, stdout: context.stdout.text, stderr: context.stderr.text };
}

describe("finishCommand", () => {
  it("prints the table and then the summary on stdout without --json", () => {
    expect(finish(succeeded)).toEqual({ code: 0, stdout: "TABLE\n1 item\n", stderr: "" });
  });

  it("prints only the indented JSON document on stdout with --json, and the summary on stderr", () => {
    expect(finish({ ...succeeded, json: true })).toEqual({ code: 0, stdout: '{\n  "items": 1\n}\n', stderr: "1 item\n" });
  });

  it("never builds the table when --json is given", () => {
    const printed = finish({
      ...succeeded,
      json: true,
      table: () => {
        throw new Error("the table was built");
      },
    });

    expect(printed.code).toBe(0);
  });

  it("writes the failure on stderr after the summary, whichever output was asked for", () => {
    const failed = { ...succeeded, failure: "Graph refused\n", succeeded: false };

    expect([finish(failed).stderr, finish({ ...failed, json: true }).stderr]).toEqual(["Graph refused\n", "1 item\nGraph refused\n"]);
  });

  it("writes nothing to stdout for an empty table", () => {
    expect(finish({ json: false, document: () => ({}), table: () => "", succeeded: true }).stdout).toBe("");
  });

  it("exits 1 when some item did not succeed", () => {
    expect(finish({ ...succeeded, succeeded: false }).code).toBe(1);
  });

  it("exits 130 when interrupted, even though items failed", () => {
    expect(finish({ ...succeeded, succeeded: false, interrupted: true }).code).toBe(130);
  });
});
