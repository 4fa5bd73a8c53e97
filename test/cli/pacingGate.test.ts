import { describe, expect, it } from "vitest";
import { PacingGate } from "../../src/cli/pacingGate";

describe("PacingGate", () => {
  it("lets workers through until someone pauses it", () => {
    expect(new PacingGate().remainingMs(1_000)).toBe(0);
  });

  it("makes every worker wait until the pause ends", () => {
    const gate = new PacingGate();
    gate.pauseUntil(5_000);

    expect(gate.remainingMs(2_000)).toBe(3_000);
    expect(gate.remainingMs(5_000)).toBe(0);
  });

  it("keeps the later of two pauses, so a short Retry-After never cuts a long one short", () => {
    const gate = new PacingGate();
    gate.pauseUntil(9_000);
    gate.pauseUntil(4_000);

    expect(gate.resumeAtMs).toBe(9_000);
  });
});
