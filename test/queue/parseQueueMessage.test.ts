import { describe, expect, it } from "vitest";
import { parseQueueMessage } from "../../src/queue/parseQueueMessage";

const id = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const reprocess = { type: "reprocess", assignmentId: id };

describe("parseQueueMessage", () => {
  it("reads a reprocess message the host decoded into an object", () => {
    expect(parseQueueMessage(reprocess)).toEqual({ ok: true, message: reprocess });
  });

  it("reads a reprocess message that arrived as a JSON string", () => {
    expect(parseQueueMessage(JSON.stringify(reprocess))).toEqual({ ok: true, message: reprocess });
  });

  it("reads a reprocess message that arrived as a Buffer of JSON", () => {
    expect(parseQueueMessage(Buffer.from(JSON.stringify(reprocess)))).toEqual({ ok: true, message: reprocess });
  });

  it("keeps checkState false, which expanded pages send", () => {
    expect(parseQueueMessage({ ...reprocess, checkState: false })).toEqual({ ok: true, message: { ...reprocess, checkState: false } });
  });

  it("leaves a non-GUID assignment id for the core to refuse", () => {
    expect(parseQueueMessage({ type: "reprocess", assignmentId: "nope" })).toEqual({ ok: true, message: { type: "reprocess", assignmentId: "nope" } });
  });

  it("reads an expand message, lower-casing its filter ids", () => {
    expect(parseQueueMessage({ type: "expand", accessPackageId: pkg.toUpperCase(), targetObjectId: id })).toEqual({
      ok: true,
      message: { type: "expand", accessPackageId: pkg, targetObjectId: id },
    });
  });

  it("reads an expand message's nextLink", () => {
    const nextLink = "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/assignments?$skiptoken=x";
    expect(parseQueueMessage({ type: "expand", accessPackageId: pkg, nextLink })).toEqual({ ok: true, message: { type: "expand", accessPackageId: pkg, nextLink } });
  });

  it.each([
    ["a string that is not JSON", "reprocess please", "notJson"],
    ["a Buffer that is not UTF-8", Buffer.from([0xff, 0xfe, 0x00]), "notJson"],
    ["a Buffer of text that is not JSON", Buffer.from("hello"), "notJson"],
    ["an object over 64 KiB", { ...reprocess, padding: "x".repeat(70_000) }, "tooLarge"],
    ["a string over 64 KiB", JSON.stringify({ ...reprocess, padding: "x".repeat(70_000) }), "tooLarge"],
    ["a Buffer over 64 KiB", Buffer.alloc(65 * 1024, 0x20), "tooLarge"],
    ["a JSON array", [reprocess], "wrongShape"],
    ["a JSON number", 42, "wrongShape"],
    ["null", null, "wrongShape"],
    ["no type", { assignmentId: id }, "unknownType"],
    ["an unknown type", { type: "delete", assignmentId: id }, "unknownType"],
    ["a reprocess without assignmentId", { type: "reprocess" }, "wrongShape"],
    ["a numeric assignmentId", { type: "reprocess", assignmentId: 7 }, "wrongShape"],
    ["a checkState that is not boolean", { ...reprocess, checkState: "no" }, "wrongShape"],
    ["an unknown key", { ...reprocess, assignmentID: id }, "wrongShape"],
    ["a misspelt filter key, which would widen the expand", { type: "expand", accessPackageId: pkg, targetObjectID: id }, "wrongShape"],
    ["an expand without any filter", { type: "expand" }, "wrongShape"],
    ["an expand with a non-GUID filter", { type: "expand", accessPackageId: "all" }, "wrongShape"],
    ["a nextLink that is not a URL", { type: "expand", accessPackageId: pkg, nextLink: "page 2" }, "invalidNextLink"],
    ["a plain-http nextLink", { type: "expand", accessPackageId: pkg, nextLink: "http://graph.microsoft.com/v1.0/x" }, "invalidNextLink"],
    ["a JSON __proto__ key", '{"type":"reprocess","assignmentId":"' + id + '","__proto__":{"polluted":true}}', "forbiddenKey"],
    ["a decoded object with an own __proto__ key", JSON.parse('{"type":"reprocess","assignmentId":"' + id + '","__proto__":{}}') as unknown, "forbiddenKey"],
  ])("refuses %s as malformed (%s)", (_label, body, problem) => {
    const result = parseQueueMessage(body);
    expect(result).toMatchObject({ ok: false, problem });
    expect(result.ok || result.description.length > 0).toBe(true);
  });

  it("refuses text nested 30,000 deep, within 64 KiB, without overflowing the stack", () => {
    expect(parseQueueMessage(`${"[".repeat(30_000)}${"]".repeat(30_000)}`)).toMatchObject({ ok: false, problem: "wrongShape" });
  });

  it("refuses a decoded object nested too deeply to serialise, without overflowing the stack", () => {
    const deep = JSON.parse(`${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`) as unknown;
    expect(parseQueueMessage(deep)).toMatchObject({ ok: false, problem: "wrongShape" });
  });

  it("does not echo an oversized type back in its description", () => {
    const result = parseQueueMessage({ type: "t".repeat(10_000) });
    expect(result.ok || result.description.length < 200).toBe(true);
  });
});

describe("parseQueueMessage for assignment requests, catalogs and heal pages", () => {
  const catalog = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
  const nextLink = "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/assignmentRequests?$skiptoken=x";
  const healPage = { type: "healPage", state: "deliveryFailed", createdOnOrAfter: "2026-10-08T03:00:00.000Z", reprocessNotBefore: "2026-12-07T03:30:00.000Z" };

  it("reads a reprocessRequest message", () => {
    expect(parseQueueMessage({ type: "reprocessRequest", assignmentRequestId: id })).toEqual({ ok: true, message: { type: "reprocessRequest", assignmentRequestId: id } });
  });

  it("leaves a non-GUID assignment request id for the core to refuse", () => {
    expect(parseQueueMessage({ type: "reprocessRequest", assignmentRequestId: "nope" })).toMatchObject({ ok: true, message: { assignmentRequestId: "nope" } });
  });

  it("reads a catalog expand, lower-casing the catalog id", () => {
    expect(parseQueueMessage({ type: "expand", catalogId: catalog.toUpperCase() })).toEqual({ ok: true, message: { type: "expand", catalogId: catalog } });
  });

  it("reads a heal page with its next link", () => {
    expect(parseQueueMessage({ ...healPage, nextLink })).toEqual({ ok: true, message: { ...healPage, nextLink } });
  });

  it.each([
    ["a reprocessRequest without assignmentRequestId", { type: "reprocessRequest" }, "wrongShape"],
    ["a reprocessRequest carrying an assignmentId instead", { type: "reprocessRequest", assignmentId: id }, "wrongShape"],
    ["a reprocessRequest with a numeric id", { type: "reprocessRequest", assignmentRequestId: 1 }, "wrongShape"],
    ["a reprocessRequest with checkState, which only assignments have", { type: "reprocessRequest", assignmentRequestId: id, checkState: false }, "wrongShape"],
    ["a catalog expand that also filters", { type: "expand", catalogId: catalog, accessPackageId: pkg }, "wrongShape"],
    ["a catalog expand with a non-GUID catalog", { type: "expand", catalogId: "all" }, "wrongShape"],
    ["a catalog expand with a plain-http nextLink", { type: "expand", catalogId: catalog, nextLink: "http://graph.microsoft.com/v1.0/x" }, "invalidNextLink"],
    ["a heal page in a state Graph does not reprocess", { ...healPage, state: "delivered" }, "wrongShape"],
    ["a heal page without a creation bound", { type: "healPage", state: "deliveryFailed", reprocessNotBefore: "2026-12-07T03:30:00.000Z" }, "wrongShape"],
    ["a heal page without the sweep's reprocess time", { type: "healPage", state: "deliveryFailed", createdOnOrAfter: "2026-10-08T03:00:00.000Z" }, "wrongShape"],
    ["a heal page whose reprocess time is not the ISO form the sweep writes", { ...healPage, reprocessNotBefore: "2026-12-07T03:30Z" }, "wrongShape"],
    ["a heal page whose bound is not the ISO form the sweep writes", { ...healPage, createdOnOrAfter: "2026-10-08" }, "wrongShape"],
    ["a heal page whose bound smuggles a filter", { ...healPage, createdOnOrAfter: "2026-10-08T03:00:00.000Z or true" }, "wrongShape"],
    ["a heal page with an unknown key", { ...healPage, accessPackageId: pkg }, "wrongShape"],
    ["a heal page with a nextLink that is not a URL", { ...healPage, nextLink: "page 2" }, "invalidNextLink"],
  ])("refuses %s as malformed (%s)", (_label, body, problem) => {
    expect(parseQueueMessage(body)).toMatchObject({ ok: false, problem });
  });

  it("names every accepted type when the type is unknown", () => {
    const result = parseQueueMessage({ type: "heal" });
    expect(result.ok ? "" : result.description).toContain('"reprocess", "reprocessRequest", "expand", "healPage"');
  });
});
