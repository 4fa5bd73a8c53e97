import { describe, expect, it } from "vitest";
import { requestIdFromIdempotencyKey, requestIdOfMessage } from "../../src/queue/requestId";

describe("requestIdFromIdempotencyKey", () => {
  it("uses a well-formed Idempotency-Key as the request id", () => {
    expect(requestIdFromIdempotencyKey("nightly-2026.11.28_a")).toEqual({ ok: true, requestId: "nightly-2026.11.28_a" });
  });

  it("generates a request id when there is no key", () => {
    expect(requestIdFromIdempotencyKey(null, () => "generated")).toEqual({ ok: true, requestId: "generated" });
  });

  it.each([["empty", ""], ["too long", "k".repeat(65)], ["with a colon, the id separator", "a:b"], ["with a space", "a b"], ["non-ASCII", "clé"]])("refuses a key that is %s", (_label, key) => {
    expect(requestIdFromIdempotencyKey(key).ok).toBe(false);
  });
});

describe("requestIdOfMessage", () => {
  it("uses the message's requestId property when it is well formed", () => {
    expect(requestIdOfMessage("req-1", "m")).toBe("req-1");
  });

  it("derives the same id from the message id every time when the property is unusable", () => {
    const derived = requestIdOfMessage(undefined, "hand-made");
    expect(derived).toMatch(/^m-[0-9a-f]{32}$/);
    expect(requestIdOfMessage("bad key", "hand-made")).toBe(derived);
  });
});
