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

/**
 * A rate whose probe (doubling from 50/s after the first 429) ran from 3 s to 6 s, while Graph
 * accepted `acceptedPerSecond`, and ended with a 429 at 6 s and a pause until 7 s.
 */
function afterProbe(acceptedPerSecond: number): AdaptiveRate {
  const rate = afterOneThrottle();
  rate.grow(3_000, true);
  rate.grow(6_000, true);
  acceptEvenly(rate, 3_000, 6_000, 3 * acceptedPerSecond);
  rate.recordThrottled(6_000, 1, 1_000);
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

  it("on the first 429 pauses until Retry-After and starts the probe at a fraction of the throughput Graph accepted before it", () => {
    const rate = afterOneThrottle();
    expect(rate.pausedUntilMs).toBe(3_000);
    expect(rate.ratePerSecond).toBeCloseTo(100 * defaultAdaptiveRateOptions.probeStartFactor, 5);
  });

  it("measures the first throughput from the first call let through, not over the start-up before it", () => {
    const rate = new AdaptiveRate(0);
    rate.grow(2_000, false);
    acceptEvenly(rate, 2_000, 2_500, 100);
    rate.recordThrottled(2_500, 0, 1_000);
    // 100 calls in the half second since the first call: 200/s, not 100/s over the last second.
    expect(rate.ratePerSecond).toBeCloseTo(200 * defaultAdaptiveRateOptions.probeStartFactor, 5);
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

  it("grows geometrically while the limit is still a first guess", () => {
    const rate = afterOneThrottle();
    const before = rate.ratePerSecond ?? 0;
    rate.grow(3_000, true);
    rate.grow(4_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(before * defaultAdaptiveRateOptions.probeGrowthPerSecond, 5);
  });

  it("ends the probe at a fraction of the throughput accepted in the window before the second 429", () => {
    const rate = afterProbe(180);
    expect(rate.ratePerSecond).toBeCloseTo(180 * defaultAdaptiveRateOptions.probeEndDecreaseFactor, 5);
  });

  it("ends the probe by the same fraction when its 429 comes soon after resuming: the probe overshot, the limit did not fall", () => {
    const rate = afterOneThrottle();
    rate.grow(3_000, true);
    rate.grow(3_400, true);
    acceptEvenly(rate, 3_000, 3_400, 20);
    rate.recordThrottled(3_400, 1, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(50 * defaultAdaptiveRateOptions.probeEndDecreaseFactor, 5);
  });

  it("after the probe, decreases by the usual factor of what Graph accepted, or of the rate if that is lower", () => {
    const rate = afterProbe(180);
    const afterProbeEnd = rate.ratePerSecond ?? 0;
    acceptEvenly(rate, 7_000, 10_000, 600);
    rate.recordThrottled(10_000, 2, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(Math.min(200, afterProbeEnd) * defaultAdaptiveRateOptions.decreaseFactor, 5);
  });

  it("decreases harder when a 429 after the probe comes soon after resuming", () => {
    const rate = afterProbe(100);
    const before = rate.ratePerSecond ?? 0;
    acceptEvenly(rate, 7_000, 7_500, 50);
    rate.recordThrottled(7_500, 2, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(defaultAdaptiveRateOptions.fastDecreaseFactor * Math.min(before, 100), 5);
  });

  it("climbs additively after the probe, by a fraction of the throughput accepted before its end per second, quickly enough to find the limit", () => {
    const rate = afterProbe(100);
    const after = rate.ratePerSecond ?? 0;
    rate.grow(7_000, true);
    rate.grow(17_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(after + 10 * defaultAdaptiveRateOptions.probeSettleIncreasePerSecond * 100, 5);
  });

  it("climbs more slowly once a 429 after the probe has shown where the limit is", () => {
    const rate = afterProbe(100);
    acceptEvenly(rate, 7_000, 10_000, 300);
    rate.recordThrottled(10_000, 2, 1_000);
    const after = rate.ratePerSecond ?? 0;
    rate.grow(11_000, true);
    rate.grow(21_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(after + 10 * defaultAdaptiveRateOptions.increasePerSecond * 100, 5);
  });

  it("climbs geometrically back to just under the recent peak when a 429 dropped it far below", () => {
    const rate = afterProbe(100);
    // A stall: Graph accepted only 10 calls in the second before the next 429.
    acceptEvenly(rate, 11_000, 12_000, 10);
    rate.recordThrottled(12_000, 2, 1_000);
    const dropped = defaultAdaptiveRateOptions.decreaseFactor * 10;
    expect(rate.ratePerSecond).toBeCloseTo(dropped, 5);
    rate.grow(13_000, true);
    rate.grow(14_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(dropped * defaultAdaptiveRateOptions.probeGrowthPerSecond, 5);
    rate.grow(18_000, true);
    // The peak: 100 calls in each of the seconds from 3 s to 6 s.
    expect(rate.ratePerSecond).toBeCloseTo(defaultAdaptiveRateOptions.recoveryFraction * 100, 5);
  });

  it("takes the recent peak over several seconds in a row, so one second a burst inflated counts for a fraction", () => {
    const rate = new AdaptiveRate(0);
    acceptEvenly(rate, 0, 1_000, 100);
    acceptEvenly(rate, 1_000, 2_000, 100 + 60 * defaultAdaptiveRateOptions.recoverySpanSeconds);
    acceptEvenly(rate, 2_000, 5_000, 300);
    expect(rate.recentPeakPerSecond(5_000)).toBeCloseTo(160, 5);
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
