import { describe, expect, it } from "vitest";
import { defaultVerifyAfterMs, defaultVerifyMaxMs } from "../../src/config/verificationConfig";
import { nextCheckDelayMs, verifyCheckOffsetMs } from "../../src/core/verificationSchedule";

const minute = 60_000;
const defaults = { afterMs: defaultVerifyAfterMs, maxMs: defaultVerifyMaxMs, maxIntervalMs: 60 * minute };

describe("the verification schedule", () => {
  it("reads at 5, 15, 35, 75, 135, 195, 255 and 315 minutes with the defaults", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((check) => verifyCheckOffsetMs(check, defaults) / minute)).toEqual([5, 15, 35, 75, 135, 195, 255, 315]);
  });

  it("schedules no read past the 6-hour bound", () => {
    expect([nextCheckDelayMs(7, defaults), nextCheckDelayMs(8, defaults)]).toEqual([60 * minute, undefined]);
  });
});
