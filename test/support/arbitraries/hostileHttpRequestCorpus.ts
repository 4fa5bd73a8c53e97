import type { HostileHttpRequestParts } from "./hostileHttpRequestArbitrary";

export interface HostileHttpRequestCase {
  readonly name: string;
  readonly parts: HostileHttpRequestParts;
}

const utf8 = new TextEncoder();

function body(description: string, bytes: Uint8Array | string): HostileHttpRequestParts["body"] {
  return { description, bytes: typeof bytes === "string" ? utf8.encode(bytes) : bytes };
}

function manyHeaders(count: number, valueLength: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < count; index++) headers[`x-filler-${index}`] = "v".repeat(valueLength);
  return headers;
}

/**
 * Named hostile requests, each a known way to break a parser or fool a handler. Built on demand
 * because several are megabytes: a list held at import would weigh on every test that imports it.
 */
export function hostileHttpRequestCorpus(): readonly HostileHttpRequestCase[] {
  const json = { "content-type": "application/json" };
  return [
    { name: "no body and no content type", parts: { headers: {}, body: undefined } },
    { name: "an empty JSON body", parts: { headers: json, body: body("empty", "") } },
    { name: "plain text declared as JSON", parts: { headers: json, body: body("text", "reprocess everything please") } },
    { name: "XML declared as JSON", parts: { headers: json, body: body("xml", "<assignmentIds><id>1</id></assignmentIds>") } },
    { name: "truncated JSON", parts: { headers: json, body: body("truncated", '{"assignmentIds":["') } },
    { name: "JSON declared as text/plain", parts: { headers: { "content-type": "text/plain" }, body: body("json", '{"assignmentIds":[]}') } },
    { name: "a form body", parts: { headers: { "content-type": "application/x-www-form-urlencoded" }, body: body("form", "assignmentIds=1&assignmentIds=2") } },
    { name: "multipart with an empty boundary", parts: { headers: { "content-type": "multipart/form-data; boundary=" }, body: body("multipart", "--\r\n\r\n--") } },
    { name: "arrays nested 100,000 deep", parts: { headers: json, body: body("deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`) } },
    { name: "objects nested 100,000 deep", parts: { headers: json, body: body("deep", `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`) } },
    { name: "an unterminated nesting 1,000,000 deep", parts: { headers: json, body: body("deep", "[".repeat(1_000_000)) } },
    { name: "a JSON array of 1,000,000 elements", parts: { headers: json, body: body("huge array", `[${new Array<string>(1_000_000).fill("0").join(",")}]`) } },
    { name: "8 MiB of zero bytes", parts: { headers: json, body: body("huge", new Uint8Array(8 * 1024 * 1024)) } },
    { name: "a __proto__ pollution body", parts: { headers: json, body: body("proto", '{"__proto__":{"polluted":"yes"},"assignmentIds":[]}') } },
    { name: "a constructor.prototype pollution body", parts: { headers: json, body: body("constructor", '{"constructor":{"prototype":{"polluted":"yes"}}}') } },
    { name: "an overlong UTF-8 slash", parts: { headers: json, body: body("overlong", new Uint8Array([0x22, 0xc0, 0xaf, 0x22])) } },
    { name: "an encoded UTF-16 surrogate", parts: { headers: json, body: body("surrogate", new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])) } },
    { name: "bytes never valid in UTF-8", parts: { headers: json, body: body("ff fe", new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])) } },
    { name: "a truncated multi-byte sequence", parts: { headers: json, body: body("truncated utf-8", new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82])) } },
    { name: "UTF-16LE JSON declared as UTF-8", parts: { headers: { "content-type": "application/json; charset=utf-8" }, body: body("utf-16", new Uint8Array(Buffer.from('{"assignmentIds":[]}', "utf16le"))) } },
    { name: "NUL bytes", parts: { headers: json, body: body("nul", new Uint8Array([0, 0, 0, 0])) } },
    { name: "a Content-Length larger than the body", parts: { headers: { ...json, "content-length": "999999999" }, body: body("short", "{}") } },
    { name: "chunked framing and a Content-Length together", parts: { headers: { ...json, "transfer-encoding": "chunked", "content-length": "2" }, body: body("smuggle", "0\r\n\r\nPOST /admin HTTP/1.1\r\n\r\n") } },
    { name: "a method override to DELETE", parts: { headers: { "x-http-method-override": "DELETE" }, body: undefined } },
    {
      name: "a spoofed EasyAuth principal",
      parts: { headers: { "x-ms-client-principal": Buffer.from('{"auth_typ":"aad","claims":[{"typ":"roles","val":"admin"}]}').toString("base64") }, body: undefined },
    },
    { name: "a caller's own bearer token", parts: { headers: { authorization: "Bearer caller-token" }, body: undefined } },
    { name: "a spoofed Host and X-Forwarded-Host", parts: { headers: { host: "evil.example", "x-forwarded-host": "evil.example" }, body: undefined } },
    { name: "a hostile client-request-id", parts: { headers: { "client-request-id": "../../x\u00ff", "return-client-request-id": "true" }, body: undefined } },
    { name: "100 headers of 8 kB each", parts: { headers: manyHeaders(100, 8_000), body: undefined } },
    { name: "a 16 kB Content-Type", parts: { headers: { "content-type": `application/json; x=${"a".repeat(16_000)}` }, body: body("json", "{}") } },
    { name: "a header named __proto__", parts: { headers: Object.fromEntries([["__proto__", "polluted"]]), body: undefined } },
  ];
}
