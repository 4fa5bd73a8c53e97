import { describe, expect, it } from "vitest";
import { isInsideReprocessWindow, isReprocessableRequestState, reprocessWindowMs } from "../../src/core/reprocessWindow";

const now = Date.parse("2026-12-06T12:00:00.000Z");
const dayMs = 24 * 60 * 60 * 1000;

describe("isInsideReprocessWindow", () => {
  it("is inside for a request that completed a day ago", () => {
    expect(isInsideReprocessWindow(new Date(now - dayMs).toISOString(), now)).toBe(true);
  });

  it("is inside for a request that completed exactly 14 days ago", () => {
    expect(isInsideReprocessWindow(new Date(now - reprocessWindowMs).toISOString(), now)).toBe(true);
  });

  it("is outside for a request that completed 14 days and a second ago", () => {
    expect(isInsideReprocessWindow(new Date(now - reprocessWindowMs - 1000).toISOString(), now)).toBe(false);
  });

  it("is inside for a completion time in the future, as clock skew gives", () => {
    expect(isInsideReprocessWindow(new Date(now + 60_000).toISOString(), now)).toBe(true);
  });

  it("leaves a request without a completion time to Graph", () => {
    expect(isInsideReprocessWindow(undefined, now)).toBe(true);
  });

  it("leaves a request with an unreadable completion time to Graph", () => {
    expect(isInsideReprocessWindow("yesterday", now)).toBe(true);
  });
});

describe("isReprocessableRequestState", () => {
  it.each(["deliveryFailed", "partiallyDelivered"])("accepts %s", (state) => {
    expect(isReprocessableRequestState(state)).toBe(true);
  });

  it.each(["submitted", "pendingApproval", "delivering", "delivered", "denied", "scheduled", "canceled", "unknownFutureValue", "DeliveryFailed"])("refuses %s", (state) => {
    expect(isReprocessableRequestState(state)).toBe(false);
  });
});
