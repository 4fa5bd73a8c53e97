import { describe, expect, it } from "vitest";
import { AdaptiveRateLimiter, type SlotPermit, type SlotRefusal } from "../../src/graph/adaptiveRateLimiter";
import { FakeClock, settle } from "../support/fakeClock";

function permit(slot: SlotPermit | SlotRefusal): SlotPermit {
  if (!slot.granted) throw new Error("expected a slot");
  return slot;
}

/** A limiter that has learned 10 calls/s (and keeps it): 10 accepted over the first second, then a 429 with a 1 s pause. */
async function limiterAt10PerSecond(clock: FakeClock, maxWaitMs = 10_000): Promise<AdaptiveRateLimiter> {
  const limiter = new AdaptiveRateLimiter({ clock, maxWaitMs, probeStartFactor: 1, decreaseFactor: 1, fastThrottleMs: 0, probeGrowthPerSecond: 1 });
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
  it("lets every call through at once while Graph has not throttled", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock });
    const times = grantTimes(limiter, clock, 50);
    await settle();
    expect(times).toEqual(Array<number>(50).fill(0));
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
    const order: number[] = [];
    for (let index = 0; index < 5; index++) void limiter.acquire().then(() => order.push(index));
    const times = grantTimes(limiter, clock, 1);
    await clock.advance(1_500);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(times).toEqual([2_500]);
  });

  it("keeps the learned pace when its timers fire late", async () => {
    const clock = new FakeClock(30);
    const limiter = await limiterAt10PerSecond(clock);
    const times = grantTimes(limiter, clock, 20);
    await clock.advance(1_000 + 30 + 1_000);
    // Due at 2,000, 2,100, … 3,000; each timer fires 30 ms late, but the pace must not slip by 30 ms a call.
    expect(times.length).toBeGreaterThanOrEqual(10);
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
