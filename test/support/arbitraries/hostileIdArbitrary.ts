import fc from "fast-check";

export interface HostileIdOptions {
  /** GUIDs the system under test knows (e.g. seeded in the emulator); mixed into valid ids. */
  readonly knownIds?: readonly string[];
  /** Longest generated id; the huge ones prove answers and memory do not grow with input size. */
  readonly maxHugeLength?: number;
}

// Characters that look like, or normalise to, a GUID's own: a parser that "cleans up" input
// instead of refusing it would turn these into a different, valid-looking id.
const dashLookAlikes = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d", "\u00ad", "_", "%2D", "%2d", "%252D"] as const;
const hexLookAlikes = ["\uff10", "\uff41", "\u0430", "\u0435", "\u0441", "\u0660", "\u00b9", "\u{1d7ce}", "\u212a", "\u0131", "\u0130", "%61", "%30"] as const;
const invisibles = [" ", "\t", "\n", "\r\n", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u2028", "\u0000", "%00", "%20", "+"] as const;
const loneSurrogates = ["\ud800", "\udbff", "\udc00", "\udfff"] as const;

const pathTricks: readonly ((guid: string) => string)[] = [
  (g) => `${g}/..`,
  (g) => `../${g}`,
  (g) => `..%2F${g}`,
  (g) => `..%252F${g}`,
  (g) => `${g}%2F..%2F..%2F..%2Fme`,
  (g) => `${g}/../../../../users`,
  (g) => `${g}/reprocess`,
  (g) => `${g}/`,
  (g) => `./${g}`,
  (g) => `/${g}`,
  (g) => `${g}\\..\\..`,
  (g) => `${g}?$select=*`,
  (g) => `${g}&$filter=state eq 'expired'`,
  (g) => `${g}#fragment`,
  (g) => `${g};v=1`,
  (g) => `${g}')`,
  (g) => `${g}' or 1 eq 1`,
  (g) => `${g}@evil.example`,
  (g) => `//evil.example/${g}`,
  (g) => `https://evil.example/${g}`,
  (g) => `%7B${g}%7D`,
  (g) => `{${g}}`,
  (g) => `(${g})`,
  (g) => `urn:uuid:${g}`,
  (g) => `"${g}"`,
  (g) => `${g}${g}`,
  (g) => `${g},${g}`,
  (g) => g.replaceAll("-", ""),
  (g) => `${g.replaceAll("-", "").slice(0, 12)}-${g.replaceAll("-", "").slice(12)}`.padEnd(36, "0"),
  (g) => g.slice(0, -1),
  (g) => `${g}0`,
  (g) => encodeURIComponent(g).replaceAll("-", "%2D"),
  (g) => Array.from(g, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
];

const fixedTricks = [
  "",
  ".",
  "..",
  "...",
  "%2e%2e",
  "%2E%2E%2F",
  "~",
  "*",
  "%",
  "%zz",
  "%E0%A4%A",
  "$metadata",
  "$batch",
  "$count",
  "me",
  "users",
  "reprocess",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "NaN",
  "[object Object]",
  "00000000-0000-0000-0000-00000000000g",
  "0000000-00000-0000-0000-000000000000",
  "00000000-0000-0000-0000-000000000000 ",
  "00000000-0000-0000-0000-000000000000\n",
] as const;

/** A canonical GUID in random letter case: what every entry point must accept. */
export function anyCaseGuidArbitrary(knownIds: readonly string[] = []): fc.Arbitrary<string> {
  const base = knownIds.length === 0 ? fc.uuid() : fc.oneof(fc.constantFrom(...knownIds), fc.uuid(), fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"));
  return fc.mixedCase(base);
}

function replaceOne(guid: string, position: number, replacement: string): string {
  return `${guid.slice(0, position)}${replacement}${guid.slice(position + 1)}`;
}

function guidVariantArbitrary(guids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const dashPositions = [8, 13, 18, 23];
  return fc.oneof(
    fc.tuple(guids, fc.constantFrom(...pathTricks)).map(([guid, trick]) => trick(guid)),
    fc.tuple(guids, fc.constantFrom(...dashPositions), fc.constantFrom(...dashLookAlikes)).map(([guid, at, dash]) => replaceOne(guid, at, dash)),
    fc.tuple(guids, fc.nat(35), fc.constantFrom(...hexLookAlikes)).map(([guid, at, look]) => replaceOne(guid, at, look)),
    fc.tuple(guids, fc.constantFrom(...invisibles), fc.boolean()).map(([guid, pad, before]) => (before ? `${pad}${guid}` : `${guid}${pad}`)),
    fc.tuple(guids, fc.nat(36), fc.constantFrom(...invisibles, ...loneSurrogates)).map(([guid, at, insert]) => `${guid.slice(0, at)}${insert}${guid.slice(at)}`),
    // Near misses of the right alphabet and length, so the parser's exact shape check is exercised.
    fc.stringMatching(/^[0-9a-fA-F-]{30,40}$/),
  );
}

function randomStringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: "binary", maxLength: 60 }),
    fc.string({ unit: "binary-ascii", maxLength: 60 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...loneSurrogates, ...hexLookAlikes, ...dashLookAlikes, "a", "0", "-", "/", "%", "."), maxLength: 48 }),
    fc.webPath(),
    fc.webUrl(),
  );
}

function hugeStringArbitrary(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1_000, max: maxLength }), fc.constantFrom("f", "0", "-", "%2F", "\u0430", "\ud800", "00000000-0000-0000-0000-000000000000"))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

/**
 * Ids as an attacker, a confused caller or a broken producer would send them: canonical GUIDs in
 * any case (which must work), near-miss GUID variants, path and query tricks, percent-encodings,
 * unicode look-alikes, lone surrogates and very long strings (which must all be refused before
 * they reach a Graph URL). Shared by every entry point that takes an assignment id.
 */
export function hostileIdArbitrary(options: HostileIdOptions = {}): fc.Arbitrary<string> {
  const guids = anyCaseGuidArbitrary(options.knownIds);
  return fc.oneof(
    { weight: 4, arbitrary: guids },
    { weight: 5, arbitrary: guidVariantArbitrary(guids) },
    { weight: 1, arbitrary: fc.constantFrom(...fixedTricks) },
    { weight: 3, arbitrary: randomStringArbitrary() },
    { weight: 1, arbitrary: hugeStringArbitrary(options.maxHugeLength ?? 1_000_000) },
  );
}
