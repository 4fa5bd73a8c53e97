import { describe, expect, it } from "vitest";
import { ProgressBar, renderProgressLine } from "../../src/cli/progressBar";
import { TextBuffer } from "../support/textBuffer";

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

  it("writes nothing when stderr is not a terminal", () => {
    const pipe = new TextBuffer(false);
    const bar = new ProgressBar(pipe, 2);

    bar.settled(true);
    bar.stop();

    expect(pipe.text).toBe("");
  });
});
