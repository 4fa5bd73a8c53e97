import { describe, expect, it } from "vitest";
import { exponentialBackoffMs } from "../../src/shared/backoff";

const options = { baseDelayMs: 1_000, maxDelayMs: 16_000 };

describe("exponentialBackoffMs", () => {
  it("waits between half and all of the base delay before the first retry", () => {
    expect(exponentialBackoffMs(1, options, () => 0)).toBe(500);
    expect(exponentialBackoffMs(1, options, () => 1)).toBe(1_000);
  });

  it("doubles the window with each attempt", () => {
    expect(exponentialBackoffMs(3, options, () => 1)).toBe(4_000);
  });

  it("never exceeds the cap however many attempts were made", () => {
    expect(exponentialBackoffMs(50, options, () => 1)).toBe(16_000);
    expect(exponentialBackoffMs(50, options, () => 0)).toBe(8_000);
  });

  it("treats attempt numbers below one as the first attempt", () => {
    expect(exponentialBackoffMs(0, options, () => 1)).toBe(1_000);
  });
});
