import { HttpRequest } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { readLimitedBody } from "../../src/functions/limitedBody";

const request = (bytes: Uint8Array, headers: Record<string, string> = {}) => new HttpRequest({ method: "POST", url: "http://localhost/api/x", headers, body: { bytes } });

describe("readLimitedBody", () => {
  it("reads a body exactly at the limit", async () => {
    expect(await readLimitedBody(request(Buffer.from("12345")), { limitBytes: 5, abortSignal: new AbortController().signal })).toEqual({ ok: true, text: "12345" });
  });

  it("refuses a body one byte over the limit by the bytes that arrive", async () => {
    expect(await readLimitedBody(request(Buffer.from("123456")), { limitBytes: 5, abortSignal: new AbortController().signal })).toEqual({ ok: false, reason: "tooLarge" });
  });

  it("refuses by the declared Content-Length before reading", async () => {
    expect(await readLimitedBody(request(Buffer.from("1"), { "content-length": "6" }), { limitBytes: 5, abortSignal: new AbortController().signal })).toEqual({ ok: false, reason: "tooLarge" });
  });

  it("reads an empty body as empty text", async () => {
    expect(await readLimitedBody(new HttpRequest({ method: "POST", url: "http://localhost/api/x" }), { limitBytes: 5, abortSignal: new AbortController().signal })).toEqual({ ok: true, text: "" });
  });

  it("says so when the body is not UTF-8", async () => {
    expect(await readLimitedBody(request(Buffer.from([0xff, 0xfe])), { limitBytes: 5, abortSignal: new AbortController().signal })).toEqual({ ok: false, reason: "notUtf8" });
  });
});
