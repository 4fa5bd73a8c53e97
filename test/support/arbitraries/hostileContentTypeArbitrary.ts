import fc from "fast-check";

// What a confused client or a probe sends as Content-Type: the right type with a wrong charset,
// the wrong type, parameters that break naive parsers, and values far longer than any real one.
const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/json; charset=bogus",
  "application/json;;;",
  "application/json; boundary=x; charset=\"utf-8\"; charset=latin1",
  "APPLICATION/JSON",
  "application/problem+json",
  "application/merge-patch+json",
  "text/json",
  "text/plain",
  "text/plain; charset=utf-7",
  "text/html",
  "application/xml",
  "text/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "multipart/form-data; boundary=----x",
  "application/octet-stream",
  "application/grpc",
  "image/png",
  "*/*",
  "json",
  "/",
  ";",
  "",
  "\u00ff\u00fe",
] as const;

/** A Content-Type header value, or undefined for none; every value is one a real client can send. */
export function hostileContentTypeArbitrary(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...contentTypes) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("a", "/", ";", "=", "\"", " ", "\t", "\u0080", "\u00ff", "*"), maxLength: 64 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 16_000 }).map((length) => `application/json; x=${"a".repeat(length)}`) },
  );
}
