import { describe, expect, it } from "vitest";
import { AdaptiveRate, defaultAdaptiveRateOptions } from "../../src/graph/adaptiveRate";

/** Accepts `count` calls evenly over [fromMs, toMs). */
function acceptEvenly(rate: AdaptiveRate, fromMs: number, toMs: number, count: number): void {
  for (let index = 0; index < count; index++) rate.recordAccepted(fromMs + ((toMs - fromMs) * index) / count);
}

/** A rate that has seen one 429 after 2 s of 100 calls/s, then waited out its 1 s pause. */
function afterOneThrottle(): AdaptiveRate {
  const rate = new AdaptiveRate(0);
  acceptEvenly(rate, 0, 2_000, 200);
  rate.recordThrottled(2_000, 0, 1_000);
  return rate;
}

describe("AdaptiveRate", () => {
  it("sets no limit until Graph first answers 429", () => {
    const rate = new AdaptiveRate(0);
    acceptEvenly(rate, 0, 5_000, 5_000);
    rate.grow(5_000, true);
    expect(rate.ratePerSecond).toBeUndefined();
    expect(rate.intervalMs).toBe(0);
  });

  it("on a 429 pauses until Retry-After and sets the rate just under the throughput Graph accepted before it", () => {
    const rate = afterOneThrottle();
    expect(rate.pausedUntilMs).toBe(3_000);
    expect(rate.ratePerSecond).toBeCloseTo(100 * defaultAdaptiveRateOptions.decreaseFactor, 5);
  });

  it("measures the throughput over the last window only", () => {
    const rate = new AdaptiveRate(0);
    acceptEvenly(rate, 0, 1_000, 1_000);
    acceptEvenly(rate, 1_000, 3_000, 100);
    expect(rate.observedPerSecond(3_000)).toBeCloseTo(50, 0);
  });

  it("counts a burst of quick successes over at least the minimum sample, not as a huge rate", () => {
    const rate = new AdaptiveRate(0);
    acceptEvenly(rate, 0, 10, 10);
    expect(rate.observedPerSecond(10)).toBe(10 / (defaultAdaptiveRateOptions.minSampleMs / 1000));
  });

  it("treats 429s to calls let through before the last decrease as the same overload", () => {
    const rate = afterOneThrottle();
    const decreased = rate.ratePerSecond;
    rate.recordThrottled(2_010, 0, 2_000);
    expect(rate.ratePerSecond).toBe(decreased);
    expect(rate.epoch).toBe(1);
    expect(rate.pausedUntilMs).toBe(4_010);
  });

  it("decreases harder when a 429 comes soon after resuming", () => {
    const rate = afterOneThrottle();
    const before = rate.ratePerSecond ?? 0;
    acceptEvenly(rate, 3_000, 3_500, 50);
    rate.recordThrottled(3_500, 1, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(defaultAdaptiveRateOptions.fastDecreaseFactor * Math.min(before, 100), 5);
  });

  it("grows geometrically while the limit is still a first guess", () => {
    const rate = afterOneThrottle();
    const before = rate.ratePerSecond ?? 0;
    rate.grow(3_000, true);
    rate.grow(4_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(before * defaultAdaptiveRateOptions.probeGrowthPerSecond, 5);
  });

  it("grows additively, by a fraction of the last accepted throughput per second, once back at the recent peak", () => {
    const rate = afterOneThrottle();
    acceptEvenly(rate, 3_000, 6_000, 300);
    rate.recordThrottled(6_000, 1, 1_000);
    const after = rate.ratePerSecond ?? 0;
    rate.grow(7_000, true);
    rate.grow(17_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(after + 10 * defaultAdaptiveRateOptions.increasePerSecond * 100, 5);
  });

  it("climbs geometrically back to just under the recent peak when a 429 dropped it far below", () => {
    const rate = afterOneThrottle();
    acceptEvenly(rate, 3_000, 6_000, 90);
    rate.recordThrottled(6_000, 1, 1_000);
    // This 429 ends the probe, so the rate is set at the throughput measured (probeEndDecreaseFactor).
    const dropped = defaultAdaptiveRateOptions.probeEndDecreaseFactor * 30;
    expect(rate.ratePerSecond).toBeCloseTo(dropped, 5);
    rate.grow(7_000, true);
    rate.grow(8_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(dropped * 2, 5);
    rate.grow(10_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(defaultAdaptiveRateOptions.recoveryFraction * 100, 5);
  });

  it("ends the probe at the throughput accepted before the second 429, which averaged a climbing rate, and decreases by the usual factor after", () => {
    const rate = afterOneThrottle();
    rate.grow(3_000, true);
    rate.grow(6_000, true);
    acceptEvenly(rate, 3_000, 6_000, 540);
    rate.recordThrottled(6_000, 1, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(180 * defaultAdaptiveRateOptions.probeEndDecreaseFactor, 5);
    acceptEvenly(rate, 7_000, 10_000, 600);
    rate.recordThrottled(10_000, 2, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(Math.min(200, 180) * defaultAdaptiveRateOptions.decreaseFactor, 5);
  });

  it("does not decrease harder on a first 429 soon after start: no pause came before it", () => {
    const rate = new AdaptiveRate(0);
    acceptEvenly(rate, 0, 500, 100);
    rate.recordThrottled(500, 0, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(200 * defaultAdaptiveRateOptions.decreaseFactor, 5);
  });

  it("does not grow while calls are not held back by the pacing", () => {
    const rate = afterOneThrottle();
    const before = rate.ratePerSecond;
    rate.grow(3_000, false);
    rate.grow(60_000, false);
    expect(rate.ratePerSecond).toBe(before);
  });

  it("does not grow during a pause", () => {
    const rate = afterOneThrottle();
    const before = rate.ratePerSecond;
    rate.grow(2_500, true);
    rate.grow(3_000, true);
    expect(rate.ratePerSecond).toBe(before);
  });

  it("pauses for the default time after a 429 without Retry-After", () => {
    const rate = new AdaptiveRate(0);
    rate.recordThrottled(500, 0, undefined);
    expect(rate.pausedUntilMs).toBe(500 + defaultAdaptiveRateOptions.defaultPauseMs);
  });

  it("never sets the rate below its minimum", () => {
    const rate = new AdaptiveRate(0);
    rate.recordThrottled(5_000, 0, 1_000);
    expect(rate.ratePerSecond).toBe(defaultAdaptiveRateOptions.minRatePerSecond);
  });
});
