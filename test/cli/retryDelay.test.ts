import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/cli/retryDelay";

const backoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

describe("retryDelayMs", () => {
  it("waits exactly the Retry-After Graph asked for", () => {
    expect(retryDelayMs(7_000, 1, backoff)).toBe(7_000);
  });

  it("honours a Retry-After of zero", () => {
    expect(retryDelayMs(0, 3, backoff)).toBe(0);
  });

  it("backs off exponentially when Graph named no delay", () => {
    const noJitter = (): number => 1;

    expect([1, 2, 3].map((attempt) => retryDelayMs(undefined, attempt, backoff, noJitter))).toEqual([1_000, 2_000, 4_000]);
  });

  it("caps the backoff", () => {
    expect(retryDelayMs(undefined, 20, backoff, () => 1)).toBe(30_000);
  });
});
