import { describe, expect, it } from "vitest";
import { parseBatchRequest } from "../../src/queue/batchRequest";

const a = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const b = "11111111-1111-4111-8111-111111111111";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

describe("parseBatchRequest", () => {
  it("accepts a list of ids, lower-cased", () => {
    expect(parseBatchRequest({ assignmentIds: [a, b.toUpperCase()] })).toEqual({ ok: true, request: { kind: "ids", assignmentIds: [a, b], rejected: [] } });
  });

  it("reports invalid ids and keeps the valid ones", () => {
    const result = parseBatchRequest({ assignmentIds: [a, "nope", 7] });
    expect(result).toMatchObject({ ok: true, request: { assignmentIds: [a], rejected: [{ id: "nope", reason: "invalidId" }, { id: "7", reason: "invalidId" }] } });
  });

  it("reports a repeated id, in any case, as a duplicate", () => {
    const result = parseBatchRequest({ assignmentIds: [a, a.toUpperCase()] });
    expect(result).toMatchObject({ ok: true, request: { assignmentIds: [a], rejected: [{ id: a.toUpperCase(), reason: "duplicate" }] } });
  });

  it("shortens a long rejected id in the report", () => {
    const result = parseBatchRequest({ assignmentIds: [a, "x".repeat(10_000)] });
    expect(result.ok && result.request.kind === "ids" && result.request.rejected[0]?.id.length).toBeLessThan(70);
  });

  it("accepts 1000 ids", () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`);
    expect(parseBatchRequest({ assignmentIds: ids }).ok).toBe(true);
  });

  it.each([
    ["no ids", { assignmentIds: [] }],
    ["1001 ids", { assignmentIds: Array.from({ length: 1001 }, () => a) }],
    ["ids that are not an array", { assignmentIds: a }],
    ["both ids and a filter", { assignmentIds: [a], accessPackageId: pkg }],
    ["neither ids nor a filter", {}],
    ["an unknown key", { assignmentIds: [a], dryRun: true }],
    ["a misspelt filter key", { accessPackageId: pkg, targetObjectID: b }],
    ["a filter id that is not a GUID", { accessPackageId: "all" }],
    ["an array body", [a]],
    ["a string body", "ids"],
    ["null", null],
  ])("refuses a body with %s", (_label, body) => {
    expect(parseBatchRequest(body)).toMatchObject({ ok: false, code: "invalidRequest" });
  });

  it("refuses a list in which no id is valid, listing why", () => {
    expect(parseBatchRequest({ assignmentIds: ["x", "y"] })).toMatchObject({ ok: false, code: "noValidAssignmentIds", rejected: [{ id: "x" }, { id: "y" }] });
  });

  it("accepts a filter with an access package, a target or both", () => {
    expect(parseBatchRequest({ accessPackageId: pkg.toUpperCase() })).toEqual({ ok: true, request: { kind: "filter", filter: { accessPackageId: pkg } } });
    expect(parseBatchRequest({ targetObjectId: b })).toEqual({ ok: true, request: { kind: "filter", filter: { targetObjectId: b } } });
    expect(parseBatchRequest({ accessPackageId: pkg, targetObjectId: b })).toEqual({ ok: true, request: { kind: "filter", filter: { accessPackageId: pkg, targetObjectId: b } } });
  });
});

describe("parseBatchRequest for assignment requests and catalogs", () => {
  const catalog = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

  it("accepts a list of assignment request ids, lower-cased", () => {
    expect(parseBatchRequest({ assignmentRequestIds: [a, b.toUpperCase()] })).toEqual({ ok: true, request: { kind: "requestIds", assignmentRequestIds: [a, b], rejected: [] } });
  });

  it("refuses an invalid assignment request id naming it as one", () => {
    const result = parseBatchRequest({ assignmentRequestIds: [a, "nope"] });
    expect(result).toMatchObject({ ok: true, request: { rejected: [{ id: "nope", reason: "invalidId", message: expect.stringContaining("assignment request id") as unknown }] } });
  });

  it("refuses a list in which no assignment request id is valid", () => {
    expect(parseBatchRequest({ assignmentRequestIds: ["x"] })).toMatchObject({ ok: false, code: "noValidAssignmentRequestIds", rejected: [{ id: "x" }] });
  });

  it("refuses 1001 assignment request ids naming the field", () => {
    expect(parseBatchRequest({ assignmentRequestIds: Array.from({ length: 1001 }, () => a) })).toMatchObject({ ok: false, message: expect.stringContaining("assignmentRequestIds") as unknown });
  });

  it("accepts a catalog id, lower-cased", () => {
    expect(parseBatchRequest({ catalogId: catalog.toUpperCase() })).toEqual({ ok: true, request: { kind: "catalog", catalogId: catalog } });
  });

  it("refuses a catalog id that is not a GUID, naming the field", () => {
    expect(parseBatchRequest({ catalogId: "all" })).toMatchObject({ ok: false, code: "invalidRequest", message: expect.stringContaining("catalogId") as unknown });
  });

  it.each([
    ["assignmentIds and assignmentRequestIds", { assignmentIds: [a], assignmentRequestIds: [b] }, "assignmentIds and assignmentRequestIds"],
    ["assignmentRequestIds and catalogId", { assignmentRequestIds: [a], catalogId: catalog }, "assignmentRequestIds and catalogId"],
    ["catalogId and a filter", { catalogId: catalog, targetObjectId: b }, "catalogId and a filter"],
  ])("refuses a body with both %s, naming both", (_label, body, named) => {
    expect(parseBatchRequest(body)).toMatchObject({ ok: false, code: "invalidRequest", message: expect.stringContaining(named) as unknown });
  });
});
