import { describe, expect, it } from "vitest";
import { readParkedMessage } from "../../src/queue/parkedMessage";
import { replayMessage } from "../../src/queue/replayMessage";
import { verifyMessage } from "../../src/queue/verifyMessages";

const id = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const reprocessedAtMs = Date.parse("2026-11-28T09:00:00.000Z");

describe("verify messages", () => {
  it("carry the read number, the time of the reprocess and its origin", () => {
    const message = verifyMessage("assignment", id, { messageId: "m:verify", requestId: "req", reprocessedAtMs, check: 3, scheduledEnqueueTimeUtc: new Date(reprocessedAtMs + 1), origin: "heal" });
    expect(message).toEqual({
      messageId: "m:verify",
      body: { type: "verify", target: "assignment", id },
      applicationProperties: { attempt: 1, requestId: "req", verifyCheck: 3, reprocessedAt: "2026-11-28T09:00:00.000Z", origin: "heal" },
      scheduledEnqueueTimeUtc: new Date(reprocessedAtMs + 1),
    });
  });

  it("are replayed as a verify that reads again from read 1, keeping the time of the reprocess", () => {
    const parked = readParkedMessage({
      messageId: "m:verify:check:4:parked",
      sequenceNumber: 9,
      enqueuedTimeUtc: undefined,
      body: { type: "verify", target: "assignmentRequest", id },
      contentType: "application/json",
      applicationProperties: { requestId: "req", verifyCheck: 4, reprocessedAt: "2026-11-28T09:00:00.000Z", reason: "notDeliveredAfterReprocess", originalMessageId: "m:verify:check:4" },
    });
    expect([parked.assignmentRequestId, replayMessage(parked)]).toEqual([
      id,
      {
        messageId: "m:verify:check:4:replay:9",
        body: { type: "verify", target: "assignmentRequest", id },
        contentType: "application/json",
        applicationProperties: { requestId: "req", reprocessedAt: "2026-11-28T09:00:00.000Z", attempt: 1, replayedFrom: "m:verify:check:4:parked" },
      },
    ]);
  });
});
