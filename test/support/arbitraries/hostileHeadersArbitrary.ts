import fc from "fast-check";

const spoofedHeaders: readonly (readonly [string, string])[] = [
  ["x-http-method-override", "DELETE"],
  ["x-http-method", "GET"],
  ["x-forwarded-host", "evil.example"],
  ["x-forwarded-for", "127.0.0.1"],
  ["x-forwarded-proto", "http"],
  ["x-original-url", "/admin/functions"],
  ["x-rewrite-url", "/api/assignments/00000000-0000-0000-0000-000000000000/reprocess"],
  // EasyAuth's principal header: the app must not treat it as proof of anything.
  ["x-ms-client-principal", Buffer.from('{"auth_typ":"aad","claims":[{"typ":"roles","val":"admin"}]}').toString("base64")],
  ["x-ms-client-principal-name", "admin@contoso.example"],
  ["x-ms-client-principal-id", "00000000-0000-0000-0000-000000000000"],
  ["authorization", "Bearer not.a-real.token"],
  ["authorization", "Basic YWRtaW46YWRtaW4="],
  ["x-functions-key", "wrong-key"],
  ["client-request-id", "../../etc/passwd"],
  ["return-client-request-id", "true"],
  ["request-id", "<script>alert(1)</script>"],
  ["idempotency-key", "\u00ff".repeat(300)],
  ["content-length", "999999999"],
  ["content-length", "-1"],
  ["transfer-encoding", "chunked"],
  ["content-encoding", "gzip"],
  ["expect", "100-continue"],
  ["host", "evil.example"],
  ["origin", "https://evil.example"],
  ["accept", "text/html"],
  ["accept-charset", "utf-7"],
  ["range", "bytes=0-1"],
  ["if-match", "*"],
  ["prefer", "respond-async"],
  ["cookie", `session=${"a".repeat(4_000)}`],
  ["connection", "upgrade"],
  ["upgrade", "websocket"],
  ["__proto__", "polluted"],
  ["constructor", "polluted"],
];

const tokenChars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

function headerNameArbitrary(): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...Array.from(tokenChars)), minLength: 1, maxLength: 40 });
}

function headerValueArbitrary(): fc.Arbitrary<string> {
  // Visible ASCII, space, tab and obs-text (0x80-0xFF): anything but NUL, CR and LF.
  const valueChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff })).map((code) => String.fromCharCode(code));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: valueChar, maxLength: 120 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 8_000 }).map((length) => "v".repeat(length)) },
  );
}

/**
 * Request headers a hostile or broken client sends: spoofed identity and routing headers (which an
 * app behind the Functions front end must never trust), a caller's own bearer token or function
 * key, mismatched framing headers, and random names and values up to 8 kB. Every name and value is
 * one HTTP can carry, so what the handler sees is what the host could deliver.
 */
export function hostileHeadersArbitrary(): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(fc.subarray([...spoofedHeaders], { maxLength: 8 }), fc.array(fc.tuple(headerNameArbitrary(), headerValueArbitrary()), { maxLength: 30 }))
    .map(([spoofed, random]) => {
      // Later entries win, as a repeated header collapses to one value in the host's request; a Map
      // and fromEntries keep a header named __proto__ an own key instead of a prototype change.
      const headers = new Map<string, string>();
      for (const [name, value] of [...random, ...spoofed]) headers.set(name.toLowerCase(), value);
      return Object.fromEntries(headers);
    });
}
