import { describe, expect, it } from "vitest";
import { receivedQueueMessage } from "../../src/queue/receivedQueueMessage";

describe("receivedQueueMessage", () => {
  it("reads the id, delivery count and application properties the trigger supplies", () => {
    const received = receivedQueueMessage({ a: 1 }, {
      messageId: "req-1:x",
      deliveryCount: 2,
      enqueuedTimeUtc: "2026-11-28T10:00:00Z",
      applicationProperties: { attempt: 3, requestId: "req-1", page: 2, origin: "expand" },
    });
    expect(received).toEqual({
      body: { a: 1 },
      messageId: "req-1:x",
      deliveryCount: 2,
      applicationProperties: { attempt: 3, requestId: "req-1", page: 2, origin: "expand" },
      properties: { attempt: 3, requestId: "req-1", page: 2, fromExpand: true, fromHeal: false, verifyCheck: 1, reprocessedAtMs: undefined },
    });
  });

  it("treats missing properties as the first attempt of a first page", () => {
    expect(receivedQueueMessage("x", { messageId: "m" }).properties).toMatchObject({ attempt: 1, page: 1, fromExpand: false });
  });

  it("names a message without an id after its sequence number", () => {
    expect(receivedQueueMessage("x", { sequenceNumber: 42 }).messageId).toBe("sequence-42");
  });

  it("counts a delivery when the trigger gives no delivery count", () => {
    expect(receivedQueueMessage("x", undefined).deliveryCount).toBe(1);
  });
});
