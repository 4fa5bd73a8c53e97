import { describe, expect, it } from "vitest";
import { readMessageProperties } from "../../src/queue/messageProperties";

describe("readMessageProperties", () => {
  it("reads attempt, requestId, page and origin", () => {
    expect(readMessageProperties({ attempt: 3, requestId: "req-1", page: 2, origin: "expand" }, "m")).toEqual({
      attempt: 3,
      requestId: "req-1",
      page: 2,
      fromExpand: true,
      fromHeal: false,
      verifyCheck: 1,
      reprocessedAtMs: undefined,
    });
  });

  it("reads a verify's read number and the time of the reprocess it follows", () => {
    expect(readMessageProperties({ verifyCheck: 4, reprocessedAt: "2026-11-28T09:00:00.000Z" }, "m")).toMatchObject({ verifyCheck: 4, reprocessedAtMs: Date.parse("2026-11-28T09:00:00.000Z") });
  });

  it("reads an attempt sent as text, as a hand-made message may", () => {
    expect(readMessageProperties({ attempt: "4" }, "m").attempt).toBe(4);
  });

  it.each([0, -1, 1.5, "three", null])("treats an unusable attempt %j as the first", (attempt) => {
    expect(readMessageProperties({ attempt }, "m").attempt).toBe(1);
  });

  it("derives a request id from the message id when there is none", () => {
    expect(readMessageProperties({}, "m").requestId).toMatch(/^m-[0-9a-f]{32}$/);
  });
});
