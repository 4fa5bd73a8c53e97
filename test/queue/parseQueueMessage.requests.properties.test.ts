import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQueueMessage } from "../../src/queue/parseQueueMessage";
import { healStates } from "../../src/queue/queueMessage";
import { isCanonicalGuid } from "../../src/shared/guid";
import { anyCaseGuidArbitrary, hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { expectParsedOrClearlyRefused } from "../support/parsedOrClearlyRefused";
import { hostileQueueBodyArbitrary } from "../support/arbitraries/hostileQueueBodyArbitrary";

const numRuns = 1_000;
const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const ids = hostileIdArbitrary({ maxHugeLength: 8 * 1024 });
const nextLinks = fc.oneof(fc.webUrl({ validSchemes: ["https"], withQueryParameters: true }), fc.webUrl(), fc.string({ maxLength: 40 }));
const isoTimes = fc.date({ min: new Date("2000-01-01T00:00:00.000Z"), max: new Date("2100-01-01T00:00:00.000Z"), noInvalidDate: true }).map((date) => date.toISOString());
// Bounds as a hostile producer writes them: the ISO form, near misses, and filter injections.
const bounds = fc.oneof(isoTimes, isoTimes.map((iso) => iso.slice(0, 10)), isoTimes.map((iso) => `${iso} or true`), isoTimes.map((iso) => iso.replace("Z", "+00:00")), fc.string({ maxLength: 40 }), fc.integer());
const states = fc.oneof(fc.constantFrom(...healStates, "delivered", "DeliveryFailed", "canceled", ""), fc.string({ maxLength: 20 }));
// The new message shapes, mixed so each type also meets the others' keys.
const messageShapes: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constantFrom("reprocessRequest", "ReprocessRequest", "reprocess"), assignmentRequestId: ids, assignmentId: ids, checkState: fc.boolean() }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("expand"), catalogId: ids, accessPackageId: ids, targetObjectId: ids, nextLink: nextLinks }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constantFrom("healPage", "heal"), state: states, createdOnOrAfter: bounds, reprocessNotBefore: bounds, nextLink: nextLinks, accessPackageId: ids }, { requiredKeys: ["type"] }),
);
const bodies = hostileQueueBodyArbitrary(messageShapes, { maxBytes: 100 * 1024, maxDepth: 5_000, maxArrayLength: 2_000, maxStringLength: 100_000 });

describe("parseQueueMessage under generated reprocessRequest, catalog and heal page bodies", { timeout: 180_000 }, () => {
  it("never throws, and refuses what it cannot read with a known problem and a short description", () => {
    fc.assert(
      fc.property(bodies, expectParsedOrClearlyRefused),
      { numRuns },
    );
  });

  it("accepts a catalog expand only with a GUID catalog and no assignment filter", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseQueueMessage(body);
        if (!result.ok || result.message.type !== "expand" || result.message.catalogId === undefined) return;
        expect(isCanonicalGuid(result.message.catalogId)).toBe(true);
        expect(result.message.accessPackageId ?? result.message.targetObjectId).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it("accepts a heal page only in a reprocessable state with a bound and a reprocess time in the ISO form the sweep writes", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseQueueMessage(body);
        if (!result.ok || result.message.type !== "healPage") return;
        expect(healStates).toContain(result.message.state);
        expect(result.message.createdOnOrAfter).toMatch(isoUtc);
        expect(result.message.reprocessNotBefore).toMatch(isoUtc);
        if (result.message.nextLink !== undefined) expect(new URL(result.message.nextLink).protocol).toBe("https:");
      }),
      { numRuns },
    );
  });

  it("accepts a reprocessRequest only with a string id and no other key", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseQueueMessage(body);
        if (!result.ok || result.message.type !== "reprocessRequest") return;
        expect(Object.keys(result.message).sort()).toEqual(["assignmentRequestId", "type"]);
        expect(typeof result.message.assignmentRequestId).toBe("string");
      }),
      { numRuns },
    );
  });

  it("reads every well-formed new message, whatever the case of its GUIDs and however it arrives", () => {
    const guid = anyCaseGuidArbitrary();
    const wellFormed = fc.oneof(
      fc.record({ type: fc.constant("reprocessRequest"), assignmentRequestId: guid }),
      fc.record({ type: fc.constant("expand"), catalogId: guid, nextLink: fc.webUrl({ validSchemes: ["https"] }) }, { requiredKeys: ["type", "catalogId"] }),
      fc.record(
        { type: fc.constant("healPage"), state: fc.constantFrom(...healStates), createdOnOrAfter: isoTimes, reprocessNotBefore: isoTimes, nextLink: fc.webUrl({ validSchemes: ["https"] }) },
        { requiredKeys: ["type", "state", "createdOnOrAfter", "reprocessNotBefore"] },
      ),
    );
    fc.assert(
      fc.property(wellFormed, fc.constantFrom("object", "string", "buffer"), (message, form) => {
        const text = JSON.stringify(message);
        const result = parseQueueMessage(form === "object" ? message : form === "string" ? text : Buffer.from(text));
        expect(result.ok && result.message.type).toBe(message.type);
      }),
      { numRuns },
    );
  });
});
