import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQueueMessage } from "../../src/queue/parseQueueMessage";
import { verifyTargets } from "../../src/queue/queueMessage";
import { anyCaseGuidArbitrary, hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { expectParsedOrClearlyRefused } from "../support/parsedOrClearlyRefused";
import { hostileQueueBodyArbitrary } from "../support/arbitraries/hostileQueueBodyArbitrary";

const numRuns = 1_000;

const ids = hostileIdArbitrary({ maxHugeLength: 8 * 1024 });
const targets = fc.oneof(fc.constantFrom(...verifyTargets, "Assignment", "assignmentrequest", "request", ""), fc.string({ maxLength: 20 }), fc.integer());
// Verify shapes, mixed with the other types' keys so each meets the others'.
const messageShapes: fc.Arbitrary<unknown> = fc.record(
  { type: fc.constantFrom("verify", "Verify", "reprocess"), target: targets, id: ids, assignmentId: ids, state: fc.string({ maxLength: 20 }) },
  { requiredKeys: ["type"] },
);
const bodies = hostileQueueBodyArbitrary(messageShapes, { maxBytes: 100 * 1024, maxDepth: 5_000, maxArrayLength: 2_000, maxStringLength: 100_000 });

describe("parseQueueMessage under generated verify bodies", { timeout: 180_000 }, () => {
  it("never throws, and refuses what it cannot read with a known problem and a short description", () => {
    fc.assert(
      fc.property(bodies, expectParsedOrClearlyRefused),
      { numRuns },
    );
  });

  it("accepts a verify only with a known target, a string id and no other key", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseQueueMessage(body);
        if (!result.ok || result.message.type !== "verify") return;
        expect(Object.keys(result.message).sort()).toEqual(["id", "target", "type"]);
        expect(verifyTargets).toContain(result.message.target);
        expect(typeof result.message.id).toBe("string");
      }),
      { numRuns },
    );
  });

  it("reads every well-formed verify, whatever the case of its GUID and however it arrives", () => {
    const wellFormed = fc.record({ type: fc.constant("verify"), target: fc.constantFrom(...verifyTargets), id: anyCaseGuidArbitrary() });
    fc.assert(
      fc.property(wellFormed, fc.constantFrom("object", "string", "buffer"), (message, form) => {
        const text = JSON.stringify(message);
        const result = parseQueueMessage(form === "object" ? message : form === "string" ? text : Buffer.from(text));
        expect(result).toEqual({ ok: true, message });
      }),
      { numRuns },
    );
  });
});
