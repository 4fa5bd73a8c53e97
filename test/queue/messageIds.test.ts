import { describe, expect, it } from "vitest";
import { expandPageMessageId, maxMessageIdLength, parkedMessageId, replayMessageId, reprocessMessageId, retryMessageId, verifyCheckMessageId, verifyMessageId } from "../../src/queue/messageIds";

const assignmentId = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const longestRequestId = "r".repeat(64);

describe("message ids", () => {
  it("name a reprocess message after its request and assignment", () => {
    expect(reprocessMessageId("req-1", assignmentId)).toBe(`req-1:${assignmentId}`);
  });

  it("name an expand page after its request and page number", () => {
    expect(expandPageMessageId("req-1", 3)).toBe("req-1:page:3");
  });

  it("name a rescheduled copy after the original and the attempt it will be", () => {
    expect(retryMessageId(`req-1:${assignmentId}`, 2)).toBe(`req-1:${assignmentId}:attempt:2`);
  });

  it("replace an earlier attempt suffix instead of stacking them", () => {
    expect(retryMessageId(`req-1:${assignmentId}:attempt:2`, 3)).toBe(`req-1:${assignmentId}:attempt:3`);
  });

  it("name a verify after the message that got the 202, whichever attempt it was", () => {
    expect([verifyMessageId(`req-1:${assignmentId}`), verifyMessageId(`req-1:${assignmentId}:attempt:4`)]).toEqual([`req-1:${assignmentId}:verify`, `req-1:${assignmentId}:verify`]);
  });

  it("name a later read of a verification after its first, replacing earlier read and attempt suffixes", () => {
    expect(verifyCheckMessageId(`req-1:${assignmentId}:verify:check:2:attempt:3`, 3)).toBe(`req-1:${assignmentId}:verify:check:3`);
  });

  it("name a replayed copy after the parked message's original id and its sequence number in the parked queue", () => {
    expect(replayMessageId(`req-1:${assignmentId}:attempt:10`, 42)).toBe(`req-1:${assignmentId}:attempt:10:replay:42`);
  });

  it("keep a replay id within 128 characters however often a message was replayed", () => {
    const replayedOften = Array.from({ length: 5 }, (_, index) => index).reduce((id, index) => replayMessageId(id, 1_000_000 + index), reprocessMessageId(longestRequestId, assignmentId));
    expect(replayedOften.length).toBeLessThanOrEqual(maxMessageIdLength);
  });

  it("name a parked message after the message it parks", () => {
    expect(parkedMessageId("req-1:page:2:attempt:4")).toBe("req-1:page:2:attempt:4:parked");
  });

  it("stay within 128 characters for the longest Idempotency-Key through ten attempts and parking", () => {
    const parked = parkedMessageId(retryMessageId(reprocessMessageId(longestRequestId, assignmentId), 10));
    expect(parked).toBe(`${longestRequestId}:${assignmentId}:attempt:10:parked`);
    expect(parked.length).toBeLessThanOrEqual(maxMessageIdLength);
  });

  it("hash a foreign id too long to extend, the same way every time", () => {
    const foreign = "x".repeat(128);
    const first = retryMessageId(foreign, 2);
    expect(first.length).toBeLessThanOrEqual(maxMessageIdLength);
    expect(first).toMatch(/^h-[A-Za-z0-9_-]+:attempt:2$/);
    expect(retryMessageId(foreign, 2)).toBe(first);
    expect(parkedMessageId(foreign)).toMatch(/^h-[A-Za-z0-9_-]+:parked$/);
  });
});
