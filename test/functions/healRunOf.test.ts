import { describe, expect, it } from "vitest";
import { healRunOf } from "../../src/functions/healSweepTimer";

const invokedAt = Date.parse("2026-12-07T03:00:00.412Z");

describe("healRunOf", () => {
  it("takes the slot from scheduleStatus.next, the occurrence the host is running", () => {
    const slot = healRunOf({ isPastDue: false, scheduleStatus: { next: "2026-12-07T03:00:00+00:00" } }, invokedAt);
    expect(slot).toEqual({ slot: new Date("2026-12-07T03:00:00.000Z"), slotSource: "scheduleStatus", isPastDue: false });
  });

  it("gives a past-due rerun of the same occurrence, hours later, the same slot", () => {
    const onTime = healRunOf({ isPastDue: false, scheduleStatus: { next: "2026-12-07T03:00:00+00:00" } }, invokedAt);
    const rerun = healRunOf({ isPastDue: true, scheduleStatus: { next: "2026-12-07T03:00:00+00:00" } }, invokedAt + 5 * 60 * 60 * 1000);
    expect(rerun.slot).toEqual(onTime.slot);
  });

  it("reads a host time without an offset as UTC, Azure's default time zone", () => {
    expect(healRunOf({ isPastDue: false, scheduleStatus: { next: "2026-12-07T03:00:00" } }, invokedAt).slot.toISOString()).toBe("2026-12-07T03:00:00.000Z");
  });

  it("honours an offset the host writes in another time zone", () => {
    expect(healRunOf({ isPastDue: false, scheduleStatus: { next: "2026-12-07T04:00:00+01:00" } }, invokedAt).slot.toISOString()).toBe("2026-12-07T03:00:00.000Z");
  });

  it("falls back to the invocation minute without a schedule status", () => {
    expect(healRunOf({ isPastDue: false, scheduleStatus: null }, invokedAt)).toEqual({ slot: new Date("2026-12-07T03:00:00.000Z"), slotSource: "invocationTime", isPastDue: false });
  });

  it("falls back to the invocation minute for the host's year-1 'never'", () => {
    expect(healRunOf({ isPastDue: false, scheduleStatus: { next: "0001-01-01T00:00:00" } }, invokedAt).slotSource).toBe("invocationTime");
  });

  it("carries the host's past-due flag into the run", () => {
    expect(healRunOf({ isPastDue: true, scheduleStatus: { next: "2026-12-07T03:00:00+00:00" } }, invokedAt).isPastDue).toBe(true);
  });
});
