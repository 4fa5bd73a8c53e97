import { describe, expect, it } from "vitest";
import { readParkedMessage, type ParkedMessageSource } from "../../src/queue/parkedMessage";

const requestId = "10000000-0000-4000-8000-000000000001";
const source = (body: unknown): ParkedMessageSource => ({
  messageId: "req:x:parked",
  sequenceNumber: 7,
  enqueuedTimeUtc: undefined,
  body,
  contentType: "application/json",
  applicationProperties: { reason: "notReprocessable" },
});

describe("readParkedMessage", () => {
  it("names the assignment request of a parked reprocessRequest", () => {
    expect(readParkedMessage(source({ type: "reprocessRequest", assignmentRequestId: requestId }))).toMatchObject({ assignmentRequestId: requestId, assignmentId: undefined });
  });

  it("names the assignment of a parked reprocess, and no request", () => {
    expect(readParkedMessage(source({ type: "reprocess", assignmentId: requestId }))).toMatchObject({ assignmentId: requestId, assignmentRequestId: undefined });
  });

  it("names neither for a heal page", () => {
    expect(readParkedMessage(source({ type: "healPage", state: "deliveryFailed", createdOnOrAfter: "2026-10-08T03:00:00.000Z", reprocessNotBefore: "2026-12-07T03:30:00.000Z" }))).toMatchObject({ assignmentId: undefined, assignmentRequestId: undefined });
  });
});
