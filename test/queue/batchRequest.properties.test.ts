import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxBatchAssignmentIds, parseBatchRequest } from "../../src/queue/batchRequest";
import { isCanonicalGuid } from "../../src/shared/guid";
import { anyCaseGuidArbitrary, hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";

const numRuns = 1_000;
const ids = hostileIdArbitrary({ maxHugeLength: 4 * 1024 });
const values = fc.oneof(ids, fc.integer(), fc.constant(null), fc.boolean());
// Bodies mixing the new fields with each other and with the old ones, so exclusivity is attacked too.
const bodies: fc.Arbitrary<unknown> = fc.record(
  {
    assignmentRequestIds: fc.oneof(fc.array(values, { maxLength: 30 }), fc.array(anyCaseGuidArbitrary(), { minLength: 995, maxLength: 1_005 }), values),
    catalogId: values,
    assignmentIds: fc.array(ids, { maxLength: 3 }),
    accessPackageId: ids,
  },
  { requiredKeys: [] },
);

describe("parseBatchRequest under generated assignmentRequestIds and catalogId bodies", () => {
  it("never throws, and accepts a body only when it has exactly one form", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseBatchRequest(body);
        if (!result.ok) return;
        const record = body as Record<string, unknown>;
        const forms = [record.assignmentIds, record.assignmentRequestIds, record.catalogId, record.accessPackageId].filter((value) => value !== undefined);
        expect(forms).toHaveLength(1);
      }),
      { numRuns },
    );
  });

  it("accepts only canonical lower-case GUIDs, at most 1,000, none twice, and accounts for every id sent", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseBatchRequest(body);
        if (!result.ok || result.request.kind !== "requestIds") return;
        const { assignmentRequestIds, rejected } = result.request;
        expect(assignmentRequestIds.length).toBeLessThanOrEqual(maxBatchAssignmentIds);
        expect(new Set(assignmentRequestIds).size).toBe(assignmentRequestIds.length);
        for (const id of assignmentRequestIds) expect(isCanonicalGuid(id)).toBe(true);
        expect(assignmentRequestIds.length + rejected.length).toBe((body as { assignmentRequestIds: unknown[] }).assignmentRequestIds.length);
      }),
      { numRuns },
    );
  });

  it("accepts a catalog only as a canonical GUID", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseBatchRequest(body);
        if (!result.ok || result.request.kind !== "catalog") return;
        expect(isCanonicalGuid(result.request.catalogId)).toBe(true);
      }),
      { numRuns },
    );
  });

  it("names the field it refuses", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseBatchRequest(body);
        if (result.ok || result.code !== "invalidRequest") return;
        expect(result.message).toMatch(/assignmentRequestIds|catalogId|assignmentIds|accessPackageId|filter/);
        expect(result.message.length).toBeLessThanOrEqual(300);
      }),
      { numRuns },
    );
  });
});
