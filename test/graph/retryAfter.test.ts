import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { maxRetryAfterMs, parseRetryAfterMs } from "../../src/graph/retryAfter";

describe("parseRetryAfterMs", () => {
  it("reads Retry-After in seconds", () => {
    expect(parseRetryAfterMs(createHttpHeaders({ "retry-after": "7" }))).toBe(7_000);
  });

  it("prefers retry-after-ms over Retry-After", () => {
    expect(parseRetryAfterMs(createHttpHeaders({ "retry-after-ms": "250", "retry-after": "7" }))).toBe(250);
  });

  it("reads x-ms-retry-after-ms", () => {
    expect(parseRetryAfterMs(createHttpHeaders({ "x-ms-retry-after-ms": "1500" }))).toBe(1_500);
  });

  it("reads Retry-After as an HTTP date relative to now", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(parseRetryAfterMs(createHttpHeaders({ "retry-after": "Sat, 28 Nov 2026 12:00:05 GMT" }), now)).toBe(5_000);
  });

  it("treats a date in the past as no wait", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(parseRetryAfterMs(createHttpHeaders({ "retry-after": "Sat, 28 Nov 2026 11:00:00 GMT" }), now)).toBe(0);
  });

  it("ignores a value that is neither a number nor a date", () => {
    expect(parseRetryAfterMs(createHttpHeaders({ "retry-after": "soon" }))).toBeUndefined();
  });

  it("returns undefined when no header is present", () => {
    expect(parseRetryAfterMs(createHttpHeaders({}))).toBeUndefined();
  });

  it("clamps an absurdly long wait to one day", () => {
    expect(parseRetryAfterMs(createHttpHeaders({ "retry-after": "99999999999" }))).toBe(maxRetryAfterMs);
  });
});
