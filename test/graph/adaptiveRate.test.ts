import { describe, expect, it } from "vitest";
import { AdaptiveRate, defaultAdaptiveRateOptions } from "../../src/graph/adaptiveRate";

const { initialRatePerSecond, slowStartDoublingMs, decreaseFactor, increasePerSecond, windowMs, defaultPauseMs } = defaultAdaptiveRateOptions;

/** Accepts `count` calls evenly over [fromMs, toMs). */
function acceptEvenly(rate: AdaptiveRate, fromMs: number, toMs: number, count: number): void {
  for (let index = 0; index < count; index++) rate.recordAccepted(fromMs + ((toMs - fromMs) * index) / count);
}

/** Slow start from 0 to `atMs` (calls always waiting), then a 429 at `atMs` after Graph accepted `acceptedPerSecond` over the last second. */
function throttledOnce(atMs: number, acceptedPerSecond: number, retryAfterMs: number | undefined = 1_000): AdaptiveRate {
  const rate = new AdaptiveRate(0);
  rate.grow(atMs, true);
  acceptEvenly(rate, atMs - 1_000, atMs, acceptedPerSecond);
  rate.recordThrottled(atMs, 0, retryAfterMs);
  return rate;
}

describe("AdaptiveRate", () => {
  it("starts slow start at the initial rate", () => {
    const rate = new AdaptiveRate(0);
    expect(rate.ratePerSecond).toBe(initialRatePerSecond);
    expect(rate.inSlowStart).toBe(true);
  });

  it("doubles the rate every doubling period while calls wait for it, until the first 429", () => {
    const rate = new AdaptiveRate(0);
    rate.grow(3 * slowStartDoublingMs, true);
    expect(rate.ratePerSecond).toBeCloseTo(initialRatePerSecond * 8, 5);
  });

  it("does not grow while calls find their slot open: an idle rate says nothing about the limit", () => {
    const rate = new AdaptiveRate(0);
    rate.grow(10 * slowStartDoublingMs, false);
    expect(rate.ratePerSecond).toBe(initialRatePerSecond);
  });

  it("on a 429 pauses every call until Retry-After has passed", () => {
    const rate = throttledOnce(2_000, 100, 3_000);
    expect(rate.pausedUntilMs).toBe(5_000);
  });

  it("on a 429 without Retry-After pauses for the default pause", () => {
    const rate = throttledOnce(2_000, 100, undefined);
    expect(rate.pausedUntilMs).toBe(2_000 + defaultPauseMs);
  });

  it("on a 429 decreases to a fraction of what Graph accepted over the last window, once calls flowed for a whole window", () => {
    const rate = throttledOnce(2_000, 100);
    expect(rate.ratePerSecond).toBeCloseTo(decreaseFactor * 100, 5);
  });

  it("on a 429 decreases from the rate instead when Graph accepted more than the rate allowed", () => {
    // A rate of 8/s at 2 s while Graph's counts, inflated by calls sent before, say 50/s.
    const rate = new AdaptiveRate(0);
    rate.grow(2 * slowStartDoublingMs, true);
    acceptEvenly(rate, 1_000, 2_000, 50);
    rate.recordThrottled(2_000, 0, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(decreaseFactor * initialRatePerSecond * 4, 5);
  });

  it("measures what Graph accepted only since calls started flowing, not over the start-up before", () => {
    const rate = new AdaptiveRate(0);
    rate.grow(2_000, false);
    acceptEvenly(rate, 2_000, 2_500, 50);
    // 50 calls in the half second since the first call: 100/s, not 50/s over the last second.
    expect(rate.observedPerSecond(2_500)).toBeCloseTo(100, 5);
  });

  it("measures what Graph accepted over the last window only", () => {
    const rate = new AdaptiveRate(0);
    acceptEvenly(rate, 0, 1_000, 1_000);
    acceptEvenly(rate, 1_000, 1_000 + windowMs, 100);
    expect(rate.observedPerSecond(1_000 + windowMs)).toBeCloseTo(100, 0);
  });

  it("treats 429s to calls let through before the last decrease as the same overload", () => {
    const rate = throttledOnce(2_000, 100);
    const decreased = rate.ratePerSecond;
    rate.recordThrottled(2_010, 0, 2_000);
    expect(rate.ratePerSecond).toBe(decreased);
    expect(rate.epoch).toBe(1);
    expect(rate.pausedUntilMs).toBe(4_010);
  });

  it("after a 429 that cut the rate below half the rate that drew it, slow-starts back up to that half", () => {
    // Slow start reached 2 · 2^8 = 512/s by 2 s, but Graph accepted only 100/s: the rate drops to 90/s.
    const rate = throttledOnce(2_000, 100);
    const threshold = (initialRatePerSecond * 2 ** (2_000 / slowStartDoublingMs)) / 2;
    expect(rate.inSlowStart).toBe(true);
    rate.grow(3_000, true);
    rate.grow(3_000 + slowStartDoublingMs, true);
    expect(rate.ratePerSecond).toBeCloseTo(decreaseFactor * 100 * 2, 5);
    rate.grow(3_000 + 10 * slowStartDoublingMs, true);
    expect(rate.ratePerSecond).toBe(threshold);
  });

  it("above the slow start threshold climbs additively, by a fraction of half the rate that drew the first 429 per second", () => {
    // Slow start reached 2 · 2^2 = 8/s (within a second: the decrease is from the rate) to 7.2/s, above the threshold of 4/s.
    const rate = throttledOnce(2 * slowStartDoublingMs, 8);
    const decreased = rate.ratePerSecond;
    expect(rate.inSlowStart).toBe(false);
    rate.grow(rate.pausedUntilMs + 10_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(decreased + 10 * increasePerSecond * 4, 5);
  });

  it("keeps the additive step of the first 429 after later ones, so instances that started together climb alike", () => {
    const rate = throttledOnce(2 * slowStartDoublingMs, 8);
    const resumed = rate.pausedUntilMs;
    rate.grow(resumed + 2_000, true);
    acceptEvenly(rate, resumed, resumed + 2_000, 10);
    rate.recordThrottled(resumed + 2_000, 1, 1_000);
    const decreased = rate.ratePerSecond;
    rate.grow(rate.pausedUntilMs + 10_000, true);
    expect(rate.ratePerSecond).toBeCloseTo(decreased + 10 * increasePerSecond * 4, 5);
  });

  it("decreases from the rate alone when calls flowed for less than a window since the last pause: a few counted calls are noise", () => {
    const rate = throttledOnce(2_000, 100);
    const resumed = rate.pausedUntilMs;
    const before = rate.ratePerSecond;
    acceptEvenly(rate, resumed, resumed + 300, 1);
    rate.recordThrottled(resumed + 300, 1, 1_000);
    expect(rate.ratePerSecond).toBeCloseTo(decreaseFactor * before, 5);
  });

  it("does not grow during a pause: time paused is not time the rate was tried", () => {
    const rate = throttledOnce(2 * slowStartDoublingMs, 8, 5_000);
    const decreased = rate.ratePerSecond;
    rate.grow(5_500, true);
    expect(rate.ratePerSecond).toBe(decreased);
  });
});
