import fc from "fast-check";

export interface HostileJsonValueOptions {
  /** Well-formed or almost well-formed domain values, e.g. `{ assignmentIds: [...] }`. */
  readonly shapes?: fc.Arbitrary<unknown>;
  /** Deepest nesting generated. Default 20,000 levels: deeper than any recursive walk survives. */
  readonly maxDepth?: number;
  /** Longest array generated. Default 200,000 elements. */
  readonly maxArrayLength?: number;
  /** Longest string generated inside a value. Default 1,000,000 characters. */
  readonly maxStringLength?: number;
}

const pollutionPayloads = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":null}',
  '{"__proto__":[]}',
  '{"hasOwnProperty":"no","toString":"no","valueOf":1,"toJSON":"no","then":"no"}',
] as const;

// JSON.parse makes `__proto__` an own property, exactly as a real body or message arrives; an
// object literal would set the prototype instead and test nothing.
const parsedPollution: fc.Arbitrary<unknown> = fc.constantFrom(...pollutionPayloads).map((text) => JSON.parse(text) as unknown);

/** Adds hostile own keys to an object value (by JSON round trip, so they stay own keys). */
function withHostileKeys(values: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(values, fc.constantFrom(...pollutionPayloads)).map(([value, payload]) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return value;
    }
    const text = JSON.stringify(value);
    const inner = payload.slice(1, -1);
    return JSON.parse(text === "{}" ? payload : `{${inner},${text.slice(1)}`) as unknown;
  });
}

/** Built iteratively: a recursive builder would overflow before the value under test could. */
function deeplyNested(depth: number, leaf: unknown, mode: "array" | "object" | "mixed"): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level++) {
    const asArray = mode === "array" || (mode === "mixed" && level % 2 === 0);
    value = asArray ? [value] : { a: value };
  }
  return value;
}

/**
 * Parsed JSON values an entry point may be handed (an HTTP body after JSON.parse, or a Service Bus
 * message body the trigger already decoded): ordinary JSON, objects whose own keys are
 * `__proto__` / `constructor` / `prototype`, nesting thousands of levels deep, huge arrays and
 * strings, many keys. Domain shapes (a batch body, a queue message) are passed in as `shapes` and
 * get the same treatment, so a parser is attacked where it actually looks.
 */
export function hostileJsonValueArbitrary(options: HostileJsonValueOptions = {}): fc.Arbitrary<unknown> {
  const maxDepth = options.maxDepth ?? 20_000;
  const maxArrayLength = options.maxArrayLength ?? 200_000;
  const maxStringLength = options.maxStringLength ?? 1_000_000;
  const shapes = options.shapes ?? fc.jsonValue({ maxDepth: 3 });
  const leaves = fc.oneof(fc.constantFrom(null, true, false, 0, -1, 1e308, -0, "", "x"), shapes);

  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 4, arbitrary: shapes },
    { weight: 2, arbitrary: parsedPollution },
    { weight: 3, arbitrary: withHostileKeys(shapes) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: maxDepth }), leaves, fc.constantFrom("array" as const, "object" as const, "mixed" as const))
        .map(([depth, leaf, mode]) => deeplyNested(depth, leaf, mode)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1_000, max: maxArrayLength }), leaves).map(([length, element]) => new Array<unknown>(length).fill(element)),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: maxStringLength }).map((length) => "\u0430".repeat(length)) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((count) => {
        const many: Record<string, number> = {};
        for (let index = 0; index < count; index++) many[`k${index}`] = index;
        return many;
      }),
    },
  );
}
