import fc from "fast-check";
import { hostileJsonValueArbitrary, type HostileJsonValueOptions } from "./hostileJsonValueArbitrary";

/** Raw bytes as they come off the wire, with a short description for failure reports. */
export interface HostileBody {
  readonly description: string;
  readonly bytes: Uint8Array;
}

export interface HostileBodyOptions extends HostileJsonValueOptions {
  /** Largest raw body generated. Default 4 MiB. */
  readonly maxBytes?: number;
}

const utf8 = new TextEncoder();

// Each is malformed UTF-8 in a different way a decoder must survive: a stray continuation byte,
// bytes never valid in UTF-8, overlong encodings (the classic "/" smuggle), an encoded surrogate,
// a sequence cut short, and a code point above U+10FFFF.
const invalidUtf8Sequences: readonly (readonly number[])[] = [
  [0x80],
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3, 0x28],
];

const nonJsonTexts = [
  "",
  " ",
  "null",
  "undefined",
  "NaN",
  "{",
  "}",
  "[",
  '{"a":',
  "{'single':'quotes'}",
  '{"a":1,}',
  "<xml><a>1</a></xml>",
  "a=1&b=2",
  "--boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--boundary--",
  '{"a":1}{"b":2}',
  '{"a":1e999999}',
  '{"a":-0}',
  '"\\ud800"',
  '{"a":"\\u0000"}',
  '{"a":1,"a":2}',
] as const;

function described(description: string, bytes: Uint8Array): HostileBody {
  // fast-check prints failing values with this method: a 4 MiB byte dump would bury the report.
  return Object.assign({ description, bytes }, { [fc.toStringMethod]: () => `HostileBody(${description}, ${bytes.length} bytes)` });
}

function jsonBytes(value: unknown): Uint8Array | undefined {
  try {
    return utf8.encode(JSON.stringify(value));
  } catch {
    // Nesting too deep for JSON.stringify itself: such a value can only arrive as text.
    return undefined;
  }
}

export function hostileBodyArbitrary(options: HostileBodyOptions = {}): fc.Arbitrary<HostileBody> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const maxDepth = options.maxDepth ?? 20_000;
  const json = hostileJsonValueArbitrary(options);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...nonJsonTexts).map((text) => described(`non-JSON ${JSON.stringify(text.slice(0, 20))}`, utf8.encode(text))) },
    {
      weight: 4,
      arbitrary: json.map((value) => {
        const bytes = jsonBytes(value);
        return bytes === undefined ? described("JSON too deep to serialise (sent as [[[…]]])", utf8.encode(`${"[".repeat(maxDepth)}${"]".repeat(maxDepth)}`)) : described("hostile JSON", bytes);
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1_000, max: maxDepth * 5 }), fc.constantFrom("[", '{"a":'), fc.boolean())
        .map(([depth, open, closed]) => {
          const close = open === "[" ? "]" : "}";
          const text = `${open.repeat(depth)}1${closed ? close.repeat(depth) : ""}`;
          return described(`${closed ? "" : "unterminated "}nesting ${depth} deep`, utf8.encode(text));
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...invalidUtf8Sequences), fc.nat())
        .map(([value, sequence, at]) => {
          const text = utf8.encode(JSON.stringify(value));
          const position = text.length === 0 ? 0 : at % text.length;
          const bytes = new Uint8Array([...text.subarray(0, position), ...sequence, ...text.subarray(position)]);
          return described(`invalid UTF-8 [${sequence.map((byte) => byte.toString(16)).join(" ")}] at ${position}`, bytes);
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("utf16le" as const, "bom" as const).map((encoding) =>
        encoding === "bom"
          ? described("JSON behind a UTF-8 byte order mark", new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode('{"assignmentIds":[]}')]))
          : described("UTF-16LE JSON", new Uint8Array(Buffer.from('{"assignmentIds":[]}', "utf16le"))),
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => described("random bytes", bytes)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 64 * 1024, max: maxBytes }), fc.constantFrom(0x00, 0x20, 0x7b, 0xff))
        .map(([length, byte]) => described(`huge: ${length} bytes of 0x${byte.toString(16)}`, new Uint8Array(length).fill(byte))),
    },
  );
}
