import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAssignmentId } from "../../src/shared/guid";
import { anyCaseGuidArbitrary, hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";

const numRuns = 1_000;
const hexDigits = "0123456789abcdefABCDEF";
const dashPositions: ReadonlySet<number> = new Set([8, 13, 18, 23]);

/** The accepted shape spelled out character by character, independently of the parser's regex. */
function isCanonicalGuidInAnyCase(value: string): boolean {
  if (value.length !== 36) return false;
  for (let index = 0; index < value.length; index++) {
    const char = value.charAt(index);
    if (dashPositions.has(index) ? char !== "-" : !hexDigits.includes(char)) return false;
  }
  return true;
}

describe("parseAssignmentId under generated input", () => {
  it("answers every value, of any type, with a result instead of throwing", () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(fc.anything(), hostileIdArbitrary({ maxHugeLength: 100_000 })), (value) => {
        runs += 1;
        const result = parseAssignmentId(value);
        expect(result.ok ? typeof result.id : typeof result.reason).toBe("string");
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("accepts exactly the canonical 8-4-4-4-12 hexadecimal strings and returns them in lower case", () => {
    let runs = 0;
    fc.assert(
      fc.property(hostileIdArbitrary({ maxHugeLength: 100_000 }), (value) => {
        runs += 1;
        const result = parseAssignmentId(value);
        expect(result.ok).toBe(isCanonicalGuidInAnyCase(value));
        if (result.ok) expect(result.id).toBe(value.toLowerCase());
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("accepts every GUID in any letter case", () => {
    let runs = 0;
    fc.assert(
      fc.property(anyCaseGuidArbitrary(), (guid) => {
        runs += 1;
        expect(parseAssignmentId(guid)).toEqual({ ok: true, id: guid.toLowerCase() });
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("keeps the refusal under 300 characters however long the id", () => {
    let runs = 0;
    fc.assert(
      fc.property(hostileIdArbitrary({ maxHugeLength: 1_000_000 }), (value) => {
        runs += 1;
        const result = parseAssignmentId(value);
        expect(result.ok ? result.id.length : result.reason.length).toBeLessThan(300);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });
});
