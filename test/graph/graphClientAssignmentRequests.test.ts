import { beforeEach, describe, expect, it } from "vitest";
import type { AssignmentRequestState } from "../../src/graph/accessPackageAssignmentRequest";
import type { EmulatedAssignmentRequest } from "../support/graph/emulatedAssignmentRequest";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const dayMs = 24 * 60 * 60 * 1000;
const nowMs = Date.parse("2026-11-20T12:00:00.000Z");
const accessPackageId = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const requestsPath = "/v1.0/identityGovernance/entitlementManagement/assignmentRequests";
const unknownId = "33333333-3333-4333-8333-333333333333";

function request(id: string, state: EmulatedAssignmentRequest["state"], completedDaysAgo: number): EmulatedAssignmentRequest {
  return {
    id,
    state,
    requestType: "adminAdd",
    createdDateTime: new Date(nowMs - completedDaysAgo * dayMs - 60_000).toISOString(),
    completedDateTime: new Date(nowMs - completedDaysAgo * dayMs).toISOString(),
    accessPackageId,
    requestorObjectId: id.replace(/^[0-9a-f]{8}/, "bbbbbbbb"),
  };
}

const failedRecently = request("11111111-1111-4111-8111-111111111111", "deliveryFailed", 2);
const failedLongAgo = request("22222222-2222-4222-8222-222222222222", "deliveryFailed", 20);
const partial = request("44444444-4444-4444-8444-444444444444", "partiallyDelivered", 1);
const delivered = request("55555555-5555-4555-8555-555555555555", "delivered", 3);

describe("GraphClient assignment requests", () => {
  const seeds = [failedRecently, failedLongAgo, partial, delivered];
  const bed = useGraphTestBed({ emulator: { assignmentRequests: seeds, now: () => nowMs } });

  // A reprocess delivers its request: seed afresh so no test sees another's.
  beforeEach(() => {
    for (const seed of seeds) bed.emulator.upsertAssignmentRequest(seed);
  });

  describe("getAssignmentRequest", () => {
    it("gets a request with only the selected properties", async () => {
      const response = await bed.client.getAssignmentRequest(failedRecently.id, { select: ["id", "state", "completedDateTime"] });

      expect(response.ok && response.value).toEqual({ id: failedRecently.id, state: "deliveryFailed", completedDateTime: failedRecently.completedDateTime });
      expect(bed.emulator.requests.at(-1)?.url).toBe(`${requestsPath}/${failedRecently.id}?$select=id%2Cstate%2CcompletedDateTime`);
    });

    it("reads every property the app uses when nothing is selected", async () => {
      const response = await bed.client.getAssignmentRequest(delivered.id);

      expect(response.ok && response.value).toMatchObject({
        id: delivered.id,
        state: "delivered",
        status: "Delivered",
        requestType: "adminAdd",
        createdDateTime: delivered.createdDateTime,
        completedDateTime: delivered.completedDateTime,
      });
    });

    it("answers a missing request with a 404 GraphError value carrying both ids", async () => {
      const response = await bed.client.getAssignmentRequest(unknownId);

      if (response.ok) throw new Error("expected failure");
      expect(response.error).toMatchObject({ name: "GraphError", status: 404, code: "ResourceNotFound" });
      expect(response.error.requestId).toBeDefined();
    });

    it("normalises an upper-case id to the canonical lower-case path", async () => {
      await bed.client.getAssignmentRequest(failedRecently.id.toUpperCase());

      expect(bed.emulator.requests.at(-1)?.path).toBe(`${requestsPath}/${failedRecently.id}`);
    });

    it("refuses an id that is not a canonical GUID without sending anything", async () => {
      await expect(bed.client.getAssignmentRequest("../assignments")).rejects.toThrow(TypeError);
      expect(bed.emulator.requests).toHaveLength(0);
    });

    it("reports the call as getAssignmentRequest", async () => {
      await bed.client.getAssignmentRequest(failedRecently.id);

      expect(bed.calls.at(-1)).toMatchObject({ operation: "getAssignmentRequest", method: "GET", status: 200, succeeded: true });
    });
  });

  describe("reprocessAssignmentRequest", () => {
    it("reprocesses a deliveryFailed request within 14 days of completion: 202, no value", async () => {
      const response = await bed.client.reprocessAssignmentRequest(failedRecently.id);

      expect(response.ok && { status: response.status, value: response.value }).toEqual({ status: 202, value: undefined });
      expect(bed.emulator.requests.at(-1)).toMatchObject({ method: "POST", path: `${requestsPath}/${failedRecently.id}/reprocess` });
      expect(bed.emulator.requestReprocessCount(failedRecently.id)).toBe(1);
    });

    it("reprocesses a partiallyDelivered request within 14 days of completion", async () => {
      const response = await bed.client.reprocessAssignmentRequest(partial.id);

      expect(response.ok && response.status).toBe(202);
    });

    it("answers a request past the 14-day window with Graph's 400 as a GraphError value", async () => {
      const response = await bed.client.reprocessAssignmentRequest(failedLongAgo.id);

      expect(!response.ok && { status: response.error.status, code: response.error.code }).toEqual({ status: 400, code: "BadRequest" });
    });

    it("answers an unknown request with a 404 GraphError value", async () => {
      const response = await bed.client.reprocessAssignmentRequest(unknownId);

      expect(!response.ok && response.error.status).toBe(404);
    });

    it("hands back a 429 whose Retry-After overruns the inline budget, with its wait", async () => {
      bed.emulator.injectFault({ match: { operation: "reprocessAssignmentRequest" }, fault: { kind: "throttle", retryAfterSeconds: 30 } });

      const response = await bed.client.reprocessAssignmentRequest(partial.id);

      expect(!response.ok && { status: response.error.status, retryAfterMs: response.error.retryAfterMs }).toEqual({ status: 429, retryAfterMs: 30_000 });
    });

    it("refuses an id that is not a canonical GUID without sending anything", async () => {
      await expect(bed.client.reprocessAssignmentRequest(`${failedRecently.id}/../x`)).rejects.toThrow(TypeError);
      expect(bed.emulator.requests).toHaveLength(0);
    });

    it("reports the call as reprocessAssignmentRequest", async () => {
      await bed.client.reprocessAssignmentRequest(unknownId);

      expect(bed.calls.at(-1)).toMatchObject({ operation: "reprocessAssignmentRequest", method: "POST", status: 404, succeeded: false, errorCode: "ResourceNotFound" });
    });
  });

  describe("listAssignmentRequests", () => {
    it("sends the state and createdDateTime filter as OData, the date bare, and lists what matches", async () => {
      const createdOnOrAfter = new Date(nowMs - 14 * dayMs);

      const response = await bed.client.listAssignmentRequests({ filter: { state: "deliveryFailed", createdOnOrAfter }, select: ["id", "state"] });

      expect(response.ok && response.value.requests).toEqual([{ id: failedRecently.id, state: "deliveryFailed" }]);
      expect(new URL(bed.emulator.requests.at(-1)?.url ?? "", bed.emulator.baseUrl).searchParams.get("$filter")).toBe(
        `state eq 'deliveryFailed' and createdDateTime ge ${createdOnOrAfter.toISOString()}`,
      );
    });

    it("expands accessPackage($select=id) and requestor($select=objectId) into the request's ids", async () => {
      const response = await bed.client.listAssignmentRequests({ filter: { state: "partiallyDelivered" }, select: ["id"], expand: ["accessPackage", "requestor"] });

      expect(response.ok && response.value.requests).toEqual([{ id: partial.id, accessPackageId, requestorObjectId: partial.requestorObjectId }]);
      expect(new URL(bed.emulator.requests.at(-1)?.url ?? "", bed.emulator.baseUrl).searchParams.get("$expand")).toBe("accessPackage($select=id),requestor($select=objectId)");
    });

    it("follows @odata.nextLink page by page", async () => {
      const ids: string[] = [];
      let page = await bed.client.listAssignmentRequests({ top: 1, select: ["id"] });
      for (;;) {
        if (!page.ok) throw page.error;
        ids.push(...page.value.requests.map((listed) => listed.id));
        if (page.value.nextLink === undefined) break;
        page = await bed.client.listAssignmentRequests({ nextLink: page.value.nextLink });
      }

      expect(ids.sort()).toEqual([failedRecently.id, failedLongAgo.id, partial.id, delivered.id].sort());
    });

    it("refuses to follow a nextLink to another host, without sending anything", async () => {
      const response = await bed.client.listAssignmentRequests({ nextLink: `https://evil.example${requestsPath}?$skiptoken=x` });

      expect(!response.ok && response.error.code).toBe("invalidNextLink");
      expect(bed.emulator.requests).toHaveLength(0);
    });

    it("refuses to follow a nextLink to the assignment list, a different list on the same Graph", async () => {
      const response = await bed.client.listAssignmentRequests({ nextLink: `${bed.emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments?$top=1` });

      expect(!response.ok && response.error.code).toBe("invalidNextLink");
      expect(bed.emulator.requests).toHaveLength(0);
    });

    it("refuses a state outside the v1.0 list, however the caller's types were bypassed, without sending anything", async () => {
      const state = "delivered' or 1 eq 1 or state eq 'x" as AssignmentRequestState;

      await expect(bed.client.listAssignmentRequests({ filter: { state } })).rejects.toThrow(TypeError);
      expect(bed.emulator.requests).toHaveLength(0);
    });

    it("refuses an invalid Date without sending anything", async () => {
      await expect(bed.client.listAssignmentRequests({ filter: { createdOnOrAfter: new Date("not a date") } })).rejects.toThrow(TypeError);
      expect(bed.emulator.requests).toHaveLength(0);
    });

    it("answers a 400 with a GraphError value and reports the call as listAssignmentRequests", async () => {
      bed.emulator.injectFault({ match: { operation: "listAssignmentRequests" }, fault: { kind: "status", status: 400 } });

      const response = await bed.client.listAssignmentRequests();

      expect(!response.ok && response.error.status).toBe(400);
      expect(bed.calls.at(-1)).toMatchObject({ operation: "listAssignmentRequests", method: "GET", status: 400, succeeded: false });
    });
  });
});
