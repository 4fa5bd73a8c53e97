import { describe, expect, it } from "vitest";
import { healReprocessNotBefore, healSweepId, healSweepMessages } from "../../src/core/healSweep";

const pkgA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const pkgB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const invokedAt = Date.parse("2026-12-07T03:00:00.412Z");

describe("healSweepId", () => {
  it("is a compact UTC stamp of the slot, usable as a request id", () => {
    expect(healSweepId(new Date("2026-12-07T03:00:00.000Z"))).toBe("heal-20261207T030000Z");
  });
});

describe("healReprocessNotBefore", () => {
  const slot = new Date("2026-12-07T03:00:00.000Z");

  it("is 30 minutes after the slot for a run that starts on time", () => {
    expect(healReprocessNotBefore(slot, invokedAt).toISOString()).toBe("2026-12-07T03:30:00.000Z");
  });

  it("is the same for a run fired a moment early by clock skew", () => {
    expect(healReprocessNotBefore(slot, slot.getTime() - 900).toISOString()).toBe("2026-12-07T03:30:00.000Z");
  });

  it("counts from the minute a past-due rerun starts, so its list is read before its reprocesses", () => {
    expect(healReprocessNotBefore(slot, Date.parse("2026-12-07T08:12:34.000Z")).toISOString()).toBe("2026-12-07T08:42:00.000Z");
  });
});

describe("healSweepMessages", () => {
  const slot = new Date("2026-12-07T03:00:00.000Z");
  const notBefore = new Date("2026-12-07T03:30:00.000Z");

  it("sends one first page per state, bounded lookbackDays before the slot", () => {
    expect(healSweepMessages(slot, notBefore, { lookbackDays: 60, accessPackageIds: [] })).toEqual([
      {
        messageId: "heal-20261207T030000Z:deliveryFailed:page:1",
        body: { type: "healPage", state: "deliveryFailed", createdOnOrAfter: "2026-10-08T03:00:00.000Z", reprocessNotBefore: "2026-12-07T03:30:00.000Z" },
        applicationProperties: { attempt: 1, requestId: "heal-20261207T030000Z", page: 1 },
      },
      {
        messageId: "heal-20261207T030000Z:partiallyDelivered:page:1",
        body: { type: "healPage", state: "partiallyDelivered", createdOnOrAfter: "2026-10-08T03:00:00.000Z", reprocessNotBefore: "2026-12-07T03:30:00.000Z" },
        applicationProperties: { attempt: 1, requestId: "heal-20261207T030000Z", page: 1 },
      },
    ]);
  });

  it("adds one expand per access package, each under a request id of its own", () => {
    const expands = healSweepMessages(slot, notBefore, { lookbackDays: 60, accessPackageIds: [pkgA, pkgB] }).slice(2);
    expect(expands).toEqual([
      {
        messageId: `heal-20261207T030000Z.${pkgA}:page:1`,
        body: { type: "expand", accessPackageId: pkgA },
        applicationProperties: { attempt: 1, requestId: `heal-20261207T030000Z.${pkgA}`, page: 1 },
      },
      {
        messageId: `heal-20261207T030000Z.${pkgB}:page:1`,
        body: { type: "expand", accessPackageId: pkgB },
        applicationProperties: { attempt: 1, requestId: `heal-20261207T030000Z.${pkgB}`, page: 1 },
      },
    ]);
  });

  it("sends identical messages for the same slot, whenever it is computed", () => {
    const settings = { lookbackDays: 60, accessPackageIds: [pkgA] };
    expect(healSweepMessages(new Date(slot), notBefore, settings)).toEqual(healSweepMessages(new Date(slot), notBefore, settings));
  });

  it("sends other ids for the next day's slot", () => {
    const today = healSweepMessages(slot, notBefore, { lookbackDays: 60, accessPackageIds: [pkgA] }).map((message) => message.messageId);
    const tomorrow = healSweepMessages(new Date(slot.getTime() + 24 * 60 * 60 * 1000), notBefore, { lookbackDays: 60, accessPackageIds: [pkgA] }).map((message) => message.messageId);
    expect(today.filter((id) => tomorrow.includes(id))).toEqual([]);
  });
});
