import { describe, expect, it } from "vitest";
import type { ProcessingResult } from "../../src/core/processingResult";
import { decideSettlement } from "../../src/core/settlementPolicy";

const graph = { requestId: "req", clientRequestId: "client" };
const options = { maxAttempts: 5, backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 }, random: () => 1 };
const throttled = (retryAfterMs: number | undefined): ProcessingResult => ({ kind: "transient", retryAfterMs, lastStatus: 429, graph, description: "throttled" });

describe("decideSettlement", () => {
  it("completes a message that was handled", () => {
    expect(decideSettlement({ kind: "done" }, 1, options)).toEqual({ action: "complete" });
  });

  it("parks a permanent failure at once, with its reason, status and Graph ids", () => {
    const result: ProcessingResult = { kind: "permanent", reason: "notFound", lastStatus: 404, graph, description: "gone" };
    expect(decideSettlement(result, 1, options)).toEqual({ action: "park", reason: "notFound", description: "gone", lastStatus: 404, graph });
  });

  it("schedules the next attempt after the backoff when Graph gave no Retry-After", () => {
    expect(decideSettlement(throttled(undefined), 1, options)).toEqual({ action: "schedule", attempt: 2, delayMs: 1_000 });
  });

  it("waits as long as Retry-After asks when that is longer than the backoff", () => {
    expect(decideSettlement(throttled(42_000), 1, options)).toEqual({ action: "schedule", attempt: 2, delayMs: 42_000 });
  });

  it("waits the backoff when that is longer than Retry-After", () => {
    expect(decideSettlement(throttled(500), 4, options)).toEqual({ action: "schedule", attempt: 5, delayMs: 8_000 });
  });

  it("spreads the delay with jitter within the backoff window", () => {
    const low = decideSettlement(throttled(undefined), 3, { ...options, random: () => 0 });
    expect(low).toEqual({ action: "schedule", attempt: 4, delayMs: 2_000 });
  });

  it("parks as attemptsExhausted once the last allowed attempt was transient too", () => {
    expect(decideSettlement(throttled(1_000), 5, options)).toMatchObject({ action: "park", reason: "attemptsExhausted", lastStatus: 429, graph });
  });

  it("parks a message whose attempt is already beyond the maximum, instead of scheduling it again", () => {
    expect(decideSettlement(throttled(undefined), 50, options)).toMatchObject({ action: "park", reason: "attemptsExhausted" });
  });

  it("says in the description how many attempts were made", () => {
    const settlement = decideSettlement(throttled(undefined), 5, options);
    expect(settlement.action === "park" && settlement.description).toContain("5 attempts");
  });
});
