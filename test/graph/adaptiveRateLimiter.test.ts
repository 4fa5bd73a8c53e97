import { describe, expect, it } from "vitest";
import { AdaptiveRateLimiter, type SlotPermit, type SlotRefusal } from "../../src/graph/adaptiveRateLimiter";
import { FakeClock } from "../support/fakeClock";

function permit(slot: SlotPermit | SlotRefusal): SlotPermit {
  if (!slot.granted) throw new Error("expected a slot");
  return slot;
}

/**
 * A limiter held at 10 calls/s (no slow start growth, no decrease, no additive increase): 10
 * accepted over the first second, then a 429 with a 1 s pause at 1 s.
 */
async function limiterAt10PerSecond(clock: FakeClock, maxWaitMs = 10_000): Promise<AdaptiveRateLimiter> {
  const limiter = new AdaptiveRateLimiter({ clock, maxWaitMs, initialRatePerSecond: 10, slowStartDoublingMs: Number.MAX_SAFE_INTEGER, decreaseFactor: 1, increasePerSecond: 0 });
  for (let index = 0; index < 10; index++) {
    limiter.record(permit(await limiter.acquire()), 202, undefined);
    await clock.advance(100);
  }
  limiter.record(permit(await limiter.acquire()), 429, 1_000);
  return limiter;
}

/** Starts `count` acquisitions and records when (on the fake clock) each is let through. */
function grantTimes(limiter: AdaptiveRateLimiter, clock: FakeClock, count: number): number[] {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    void limiter.acquire().then(() => times.push(clock.now()));
  }
  return times;
}

describe("AdaptiveRateLimiter", () => {
  it("lets a lone call through at once", () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock });
    expect(limiter.tryAcquire()).toMatchObject({ granted: true });
  });

  it("paces a burst of calls from the first one, at the initial rate doubling as they wait", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock, initialRatePerSecond: 4, slowStartDoublingMs: 1_000 });
    const times = grantTimes(limiter, clock, 20);
    await clock.advance(2_000);
    // At 4/s then more: more than 2 s × 4/s, fewer than all 20 at once.
    expect(times.length).toBeGreaterThan(8);
    expect(times.length).toBeLessThan(20);
  });

  it("grants without queueing only while nobody waits and the next slot is open", async () => {
    const clock = new FakeClock();
    const limiter = await limiterAt10PerSecond(clock);
    expect(limiter.tryAcquire()).toBeUndefined();
    await clock.advance(1_000);
    expect(limiter.tryAcquire()).toMatchObject({ granted: true });
    expect(limiter.tryAcquire()).toBeUndefined();
  });

  it("holds every waiting call until Graph's Retry-After has passed", async () => {
    const clock = new FakeClock();
    const limiter = await limiterAt10PerSecond(clock);
    const times = grantTimes(limiter, clock, 3);
    await clock.advance(999);
    expect(times).toEqual([]);
    await clock.advance(1);
    expect(times).toEqual([2_000]);
  });

  it("then spaces calls at the learned rate, in arrival order", async () => {
    const clock = new FakeClock();
    const limiter = await limiterAt10PerSecond(clock);
    const rate = limiter.ratePerSecond;
    const order: number[] = [];
    for (let index = 0; index < 5; index++) void limiter.acquire().then(() => order.push(index));
    const times = grantTimes(limiter, clock, 1);
    await clock.advance(2_000);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(times[0]).toBeCloseTo(2_000 + (5 * 1000) / rate, 5);
  });

  it("keeps the learned pace when its timers fire late", async () => {
    const clock = new FakeClock(30);
    const limiter = await limiterAt10PerSecond(clock);
    const rate = limiter.ratePerSecond;
    const times = grantTimes(limiter, clock, 40);
    await clock.advance(1_000 + 30 + 2_000);
    // Due every 1/rate from 2,000; each timer fires 30 ms late, but the pace must not slip by 30 ms a call.
    expect(times.length).toBeGreaterThanOrEqual(Math.floor(2 * rate));
  });

  it("rejects a waiting call whose signal aborts, and gives its slot to the next", async () => {
    const clock = new FakeClock();
    const limiter = await limiterAt10PerSecond(clock);
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const times = grantTimes(limiter, clock, 1);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    await clock.advance(1_000);
    expect(times).toEqual([2_000]);
  });

  it("answers at once with when to retry when the wait would exceed its maximum", async () => {
    const clock = new FakeClock();
    const limiter = await limiterAt10PerSecond(clock, 500);
    expect(await limiter.acquire()).toEqual({ granted: false, retryAfterMs: 1_000 });
  });
});
