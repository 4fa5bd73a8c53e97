import { describe, expect, it, vi } from "vitest";
import { finishCommand, ProgressBar, renderProgressLine, type FinishCommandOptions } from "../../src/cli/commandOutput";
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

describe("renderProgressLine", () => {
  it("fills the bar in proportion to the settled items and counts the accepted ones", () => {
    const line = renderProgressLine({ total: 4, settled: 2, accepted: 1, resumeAtMs: undefined, nowMs: 0 }, 60);

    expect(line).toMatch(/^\[#+\.+\] 2\/4 {2}1 accepted {2}1 other$/);
    expect(line.match(/#/g)).toHaveLength(line.match(/\./g)?.length ?? -1);
  });

  it("shows the wait, rounded up to whole seconds, while Graph has the pool paused", () => {
    expect(renderProgressLine({ total: 4, settled: 1, accepted: 1, resumeAtMs: 2_100, nowMs: 0 }, 120)).toContain("waiting 3s");
  });

  it("never writes past the terminal's width", () => {
    expect(renderProgressLine({ total: 1000, settled: 10, accepted: 9, resumeAtMs: 60_000, nowMs: 0 }, 30).length).toBeLessThanOrEqual(30);
  });
});

describe("ProgressBar", () => {
  it("draws on a terminal and clears its line when stopped", () => {
    const terminal = new TextBuffer(true);
    const bar = new ProgressBar(terminal, 2);

    bar.settled(true);
    bar.stop();

    expect(terminal.text).toContain("1/2");
    expect(terminal.text.endsWith("\r\u001b[2K")).toBe(true);
  });

  it("writes one plain done/total line per interval when stderr is not a terminal", () => {
    vi.useFakeTimers();
    try {
      const pipe = new TextBuffer(false);
      const bar = new ProgressBar(pipe, 40, { label: "reprocess", logIntervalMs: 5_000 });

      bar.settled(true);
      vi.advanceTimersByTime(4_999);
      const beforeInterval = pipe.text;
      vi.advanceTimersByTime(1);
      bar.settled(false);
      vi.advanceTimersByTime(5_000);
      bar.stop();

      expect(beforeInterval).toBe("");
      expect(pipe.text).toBe("reprocess: 1/40 done (1 accepted, 0 other)\nreprocess: 2/40 done (1 accepted, 1 other)\n");
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes no more lines to a non-terminal once stopped", () => {
    vi.useFakeTimers();
    try {
      const pipe = new TextBuffer(false);
      const bar = new ProgressBar(pipe, 2, { logIntervalMs: 1_000 });

      bar.stop();
      vi.advanceTimersByTime(10_000);

      expect(pipe.text).toBe("");
    } finally {
      vi.useRealTimers();
    }
  });

  it("counts the good end under the name it is given, delivered while --wait waits", () => {
    vi.useFakeTimers();
    try {
      const pipe = new TextBuffer(false);
      const bar = new ProgressBar(pipe, 3, { label: "reprocess --wait", good: "delivered", logIntervalMs: 1_000 });

      bar.settled(true);
      vi.advanceTimersByTime(1_000);
      bar.stop();

      expect(pipe.text).toBe("reprocess --wait: 1/3 done (1 delivered, 0 other)\n");
    } finally {
      vi.useRealTimers();
    }
  });
});
