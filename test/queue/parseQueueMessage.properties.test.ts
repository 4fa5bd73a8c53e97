import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQueueMessage, type MalformedProblem } from "../../src/queue/parseQueueMessage";
import { heapUsedAfterGc } from "../support/heapAfterGc";
import { anyCaseGuidArbitrary, hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { hostileQueueBodyArbitrary } from "../support/arbitraries/hostileQueueBodyArbitrary";

const numRuns = 1_000;
const problems: ReadonlySet<MalformedProblem> = new Set(["tooLarge", "notJson", "forbiddenKey", "wrongShape", "unknownType", "invalidNextLink"]);
const maxDescriptionLength = 300;
const heapBoundBytes = 16 * 1024 * 1024;

/**
 * Bytes of a text body, which lives on the V8 heap (a Buffer's bytes do not). Decoded values are not
 * measured (serialising a deeply nested one is itself the costly part); the top-up counts its own.
 */
function heapInputBytes(body: unknown): number {
  return typeof body === "string" ? Buffer.byteLength(body) : 0;
}

const ids = hostileIdArbitrary({ maxHugeLength: 8 * 1024 });
const nextLinks = fc.oneof(fc.webUrl({ validSchemes: ["https"], withQueryParameters: true }), fc.webUrl(), fc.string({ maxLength: 40 }));
// Message shapes as a broken or hostile producer sends them, so the parser is attacked where it looks.
const messageShapes: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constantFrom("reprocess", "Reprocess", "expand", "delete", ""), assignmentId: ids, checkState: fc.oneof(fc.boolean(), fc.string()) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("expand"), accessPackageId: ids, targetObjectId: ids, nextLink: nextLinks }, { requiredKeys: ["type"] }),
);
// What the trigger may hand over: a decoded JSON value, or the bytes as a Buffer or a string.
const bodies = hostileQueueBodyArbitrary(messageShapes, { maxBytes: 300 * 1024, maxDepth: 50_000, maxArrayLength: 20_000, maxStringLength: 200_000 });

// A thousand generated cases take 1–10 s, but now and then a seed draws several of the largest
// bodies (20,000-element arrays, 50,000 levels deep) and a run takes several times that; on a
// loaded machine that outlier crossed the 30 s default. The properties, not the time, are the test.
describe("parseQueueMessage under generated bodies", { timeout: 180_000 }, () => {
  it("never throws, and refuses what it cannot read with a known problem and a short description", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseQueueMessage(body);
        if (!result.ok) {
          expect(problems).toContain(result.problem);
          expect(result.description.length).toBeLessThanOrEqual(maxDescriptionLength);
        }
      }),
      { numRuns },
    );
  });

  it("accepts only a reprocess message with a string id or a filter expand message with GUID filters", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseQueueMessage(body);
        if (!result.ok) return;
        const message = result.message;
        // The shapes above are reprocess and filter expands; the new types have their own properties file.
        expect(message.type === "reprocess" || message.type === "expand").toBe(true);
        if (message.type === "reprocess") {
          expect(typeof message.assignmentId).toBe("string");
        } else if (message.type === "expand") {
          expect(message.accessPackageId ?? message.targetObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          if (message.nextLink !== undefined) expect(new URL(message.nextLink).protocol).toBe("https:");
        }
      }),
      { numRuns },
    );
  });

  it("reads every well-formed message, whatever the case of its GUIDs and however it arrives", () => {
    const guid = anyCaseGuidArbitrary();
    const wellFormed = fc.oneof(
      fc.record({ type: fc.constant("reprocess"), assignmentId: guid, checkState: fc.boolean() }, { requiredKeys: ["type", "assignmentId"] }),
      fc.record({ type: fc.constant("expand"), accessPackageId: guid, targetObjectId: guid }, { requiredKeys: ["type", "accessPackageId"] }),
      fc.record({ type: fc.constant("expand"), targetObjectId: guid, nextLink: fc.webUrl({ validSchemes: ["https"] }) }, { requiredKeys: ["type", "targetObjectId"] }),
    );
    fc.assert(
      fc.property(wellFormed, fc.constantFrom("object", "string", "buffer"), (message, form) => {
        const text = JSON.stringify(message);
        const body = form === "object" ? message : form === "string" ? text : Buffer.from(text);
        const result = parseQueueMessage(body);
        expect(result.ok && result.message.type).toBe(message.type);
      }),
      { numRuns },
    );
  });

  it("ends 1,000 hostile bodies with the heap within a fixed bound, however much input they carried", { timeout: 180_000 }, () => {
    let inputBytes = 0;
    let runs = 0;
    // A warm-up parse, so lazily compiled code counts in the baseline rather than as growth.
    parseQueueMessage({ type: "reprocess", assignmentId: "warm-up" });
    const before = heapUsedAfterGc();
    fc.assert(
      fc.property(bodies, (body) => {
        runs += 1;
        inputBytes += heapInputBytes(body);
        parseQueueMessage(body);
      }),
      { numRuns },
    );
    // Generated sizes vary by seed; top up with huge ids, as text and decoded, so the premise below always holds.
    for (let i = 0; inputBytes <= 2 * heapBoundBytes; i += 1) {
      const message = { type: "reprocess", assignmentId: `${String(i)}${"f".repeat(1_000_000)}` };
      const body = i % 2 === 0 ? message : JSON.stringify(message);
      inputBytes += typeof body === "string" ? heapInputBytes(body) : message.assignmentId.length;
      parseQueueMessage(body);
    }
    const growth = heapUsedAfterGc() - before;
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    // Were the parser to keep what it read, the heap would grow by the input: at least twice the bound.
    expect(inputBytes).toBeGreaterThan(2 * heapBoundBytes);
    expect(growth).toBeLessThan(heapBoundBytes);
  });
});
