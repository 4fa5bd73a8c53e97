import { randomUUID } from "node:crypto";
import type { Pipeline } from "@azure/core-rest-pipeline";
import { ManagedIdentityCredential } from "@azure/identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deterministicGuid } from "./deterministicGuid";
import { assignmentRequestStates, type EmulatedAssignmentRequest } from "./emulatedAssignmentRequest";
import { GraphEmulator } from "./graphEmulator";
import { bodyOf, errorOf, rawGraphPipeline, sendRaw, valueOf } from "./rawGraphCalls";
import { seedAssignmentRequests } from "./seedAssignmentRequests";
import { seedAssignments } from "./seedAssignments";

const dayMs = 24 * 60 * 60 * 1000;
const startMs = Date.parse("2026-11-20T12:00:00.000Z");
const requestsPath = "/v1.0/identityGovernance/entitlementManagement/assignmentRequests";
const unknownId = "00000000-0000-4000-8000-00000000dead";
// One request in every seedable state, on the fixed clock: read-only, shared by the read tests.
const everyState = seedAssignmentRequests({ count: assignmentRequestStates.length, scope: 0x13, nowMs: startMs });
const first = defined(everyState[0]);

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("The seed is smaller than the test expects");
  return value;
}

function requestIn(state: string): EmulatedAssignmentRequest {
  const found = everyState.find((request) => request.state === state);
  if (found === undefined) throw new Error(`No seeded request in state ${state}`);
  return found;
}

describe("GraphEmulator assignment requests", () => {
  let nowMs = startMs;
  let emulator: GraphEmulator;
  let graph: Pipeline;
  let seeded = 0;

  // A request of the test's own, so reprocessing it changes nothing another test reads.
  function seedRequest(overrides: Partial<EmulatedAssignmentRequest> & Pick<EmulatedAssignmentRequest, "state">): EmulatedAssignmentRequest {
    const request: EmulatedAssignmentRequest = {
      id: deterministicGuid("assignmentRequest", 0x99, seeded++),
      requestType: "adminAdd",
      createdDateTime: new Date(nowMs - 2 * dayMs - 60_000).toISOString(),
      completedDateTime: new Date(nowMs - 2 * dayMs).toISOString(),
      accessPackageId: deterministicGuid("accessPackage", 0x99, 0),
      requestorObjectId: deterministicGuid("target", 0x99, seeded),
      ...overrides,
    };
    emulator.upsertAssignmentRequest(request);
    return request;
  }

  const url = (path = ""): string => `${emulator.baseUrl}${requestsPath}${path}`;
  const filtered = (filter: string, rest = ""): string => url(`?$filter=${encodeURIComponent(filter)}${rest}`);
  const reprocess = (id: string) => sendRaw(graph, "POST", url(`/${id}/reprocess`));
  const stateOf = async (id: string): Promise<unknown> => bodyOf(await sendRaw(graph, "GET", url(`/${id}?$select=state`))).state;

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ assignmentRequests: everyState, pageSize: 4, now: () => nowMs });
    process.env.IDENTITY_ENDPOINT = emulator.identityEndpoint;
    process.env.IDENTITY_HEADER = emulator.identityHeader;
    graph = rawGraphPipeline(new ManagedIdentityCredential({ clientId: randomUUID() }), emulator.graphScope);
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    nowMs = startMs;
    emulator.clearRecords();
  });

  afterEach(() => {
    emulator.clearFaults();
    emulator.setRateLimit(undefined);
  });

  describe("GET one", () => {
    it("returns only the $select-ed properties with an @odata.context", async () => {
      const response = await sendRaw(graph, "GET", url(`/${first.id}?$select=id,state,createdDateTime`));

      expect(bodyOf(response)).toEqual({
        "@odata.context": `${emulator.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/assignmentRequests(id,state,createdDateTime)/$entity`,
        id: first.id,
        state: first.state,
        createdDateTime: first.createdDateTime,
      });
    });

    it("returns every documented property when nothing is selected", async () => {
      const delivered = requestIn("delivered");

      const body = bodyOf(await sendRaw(graph, "GET", url(`/${delivered.id}`)));

      expect(body).toMatchObject({ id: delivered.id, state: "delivered", status: "Delivered", requestType: delivered.requestType, completedDateTime: delivered.completedDateTime });
    });

    it("expands accessPackage($select=id) and requestor($select=objectId) as nested objects", async () => {
      const response = await sendRaw(graph, "GET", url(`/${first.id}?$select=id&$expand=${encodeURIComponent("accessPackage($select=id),requestor($select=objectId)")}`));

      expect(bodyOf(response)).toMatchObject({ id: first.id, accessPackage: { id: first.accessPackageId }, requestor: { objectId: first.requestorObjectId } });
    });

    it("refuses expanding a property a request does not have with 400", async () => {
      const response = await sendRaw(graph, "GET", url(`/${first.id}?$expand=target`));

      expect(response.status).toBe(400);
    });

    it("answers an unknown id with 404", async () => {
      const response = await sendRaw(graph, "GET", url(`/${unknownId}`));

      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe("ResourceNotFound");
    });

    it("answers an id that is not a GUID with 400 BadRequest", async () => {
      const response = await sendRaw(graph, "GET", url("/not-a-guid"));

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
    });
  });

  describe("GET list", () => {
    it("serves requests in every v1.0 state", async () => {
      const response = await sendRaw(graph, "GET", filtered(`createdDateTime ge ${new Date(startMs - 60 * dayMs).toISOString()}`, "&$top=50&$select=id,state"));

      expect(valueOf(response).filter((request) => everyState.some((seed) => seed.id === request.id)).map((request) => request.state)).toEqual([...assignmentRequestStates]);
    });

    it("pages through absolute @odata.nextLink URLs on the assignmentRequests path", async () => {
      const ids: unknown[] = [];
      const links: string[] = [];
      let next: string | undefined = url("?$select=id");
      while (next !== undefined) {
        const response = await sendRaw(graph, "GET", next);
        ids.push(...valueOf(response).map((request) => request.id));
        next = bodyOf(response)["@odata.nextLink"] as string | undefined;
        if (next !== undefined) links.push(next);
      }

      expect(ids).toEqual(expect.arrayContaining(everyState.map((request) => request.id)));
      expect(links.length).toBeGreaterThanOrEqual(2);
      for (const link of links) expect(link.startsWith(`${emulator.baseUrl}${requestsPath}?`)).toBe(true);
    });

    it("honours $top as the page size", async () => {
      const response = await sendRaw(graph, "GET", url("?$top=2"));

      expect(valueOf(response)).toHaveLength(2);
      expect(bodyOf(response)["@odata.nextLink"]).toContain("$top=2");
    });

    it("filters on state eq", async () => {
      const response = await sendRaw(graph, "GET", filtered("state eq 'pendingApproval'", "&$select=id"));

      expect(valueOf(response)).toEqual([{ id: requestIn("pendingApproval").id }]);
    });

    it("filters on createdDateTime ge a bare DateTimeOffset literal", async () => {
      const newest = defined([...everyState].sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))[0]);

      const response = await sendRaw(graph, "GET", filtered(`createdDateTime ge ${newest.createdDateTime}`, "&$select=id"));

      expect(valueOf(response).map((request) => request.id)).toContain(newest.id);
      expect(valueOf(response).every((request) => everyState.find((seed) => seed.id === request.id)?.createdDateTime === newest.createdDateTime)).toBe(true);
    });

    it("combines state and createdDateTime clauses joined by and", async () => {
      const failed = requestIn("deliveryFailed");
      const seededIds = (response: Awaited<ReturnType<typeof sendRaw>>): unknown[] =>
        valueOf(response).map((request) => request.id).filter((id) => everyState.some((seed) => seed.id === id));

      const onOrAfter = await sendRaw(graph, "GET", filtered(`state eq 'deliveryFailed' and createdDateTime ge ${failed.createdDateTime}`, "&$top=999"));
      const after = await sendRaw(graph, "GET", filtered(`state eq 'deliveryFailed' and createdDateTime ge ${new Date(Date.parse(failed.createdDateTime) + 1).toISOString()}`, "&$top=999"));

      expect(seededIds(onOrAfter)).toEqual([failed.id]);
      expect(seededIds(after)).toEqual([]);
    });

    it("refuses a quoted date, which OData reads as a string, with 400", async () => {
      const response = await sendRaw(graph, "GET", filtered(`createdDateTime ge '${first.createdDateTime}'`));

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
    });

    it("refuses a filter on completedDateTime, which Graph does not filter on, with 400", async () => {
      const response = await sendRaw(graph, "GET", filtered(`completedDateTime ge ${first.createdDateTime}`));

      expect(response.status).toBe(400);
    });

    it("refuses clauses joined by or with 400", async () => {
      const response = await sendRaw(graph, "GET", filtered("state eq 'delivered' or state eq 'deliveryFailed'"));

      expect(response.status).toBe(400);
    });

    it("refuses a state that is not an accessPackageRequestState with 400", async () => {
      const response = await sendRaw(graph, "GET", filtered("state eq 'expired'"));

      expect(response.status).toBe(400);
    });
  });

  describe("POST reprocess", () => {
    it("accepts a deliveryFailed request completed within 14 days with 202 and an empty body, and counts it", async () => {
      const request = seedRequest({ state: "deliveryFailed" });

      const response = await reprocess(request.id);

      expect(response.status).toBe(202);
      expect(response.bodyAsText ?? "").toBe("");
      expect(emulator.requestReprocessCount(request.id)).toBe(1);
    });

    it("accepts a partiallyDelivered request completed within 14 days with 202", async () => {
      const request = seedRequest({ state: "partiallyDelivered" });

      expect((await reprocess(request.id)).status).toBe(202);
    });

    it("refuses a deliveryFailed request completed more than 14 days ago with 400 BadRequest by default", async () => {
      const request = seedRequest({ state: "deliveryFailed", completedDateTime: new Date(nowMs - 14 * dayMs - 1000).toISOString() });

      const response = await reprocess(request.id);

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
      expect(emulator.requestReprocessCount(request.id)).toBe(0);
    });

    it("refuses a request once the emulator's clock has moved past 14 days from its completion", async () => {
      const request = seedRequest({ state: "deliveryFailed" });
      nowMs += 13 * dayMs;

      const response = await reprocess(request.id);

      expect(response.status).toBe(400);
    });

    it("refuses a request in a state other than deliveryFailed or partiallyDelivered with 400 by default", async () => {
      const request = seedRequest({ state: "delivered" });

      const response = await reprocess(request.id);

      expect(response.status).toBe(400);
      expect(emulator.requestReprocessCount(request.id)).toBe(0);
    });

    it("answers a request it does not reprocess as notReprocessableRequestReprocess configures", async () => {
      const request = seedRequest({ state: "denied" });
      emulator.setNotReprocessableRequestReprocess({ status: 409, code: "RequestNotReprocessable", message: "Not reprocessable." });
      try {
        const response = await reprocess(request.id);

        expect(response.status).toBe(409);
        expect(errorOf(response)).toMatchObject({ code: "RequestNotReprocessable", message: "Not reprocessable." });
      } finally {
        emulator.setNotReprocessableRequestReprocess({ status: 400, code: "BadRequest", message: "Not reprocessable." });
      }
    });

    it("answers an unknown request with 404", async () => {
      expect((await reprocess(unknownId)).status).toBe(404);
    });

    it("answers an id that is not a GUID with 400", async () => {
      expect((await reprocess("12345")).status).toBe(400);
    });

    it("throttles request reprocess calls beyond the rate limit's burst with 429 and Retry-After", async () => {
      const requests = [seedRequest({ state: "deliveryFailed" }), seedRequest({ state: "deliveryFailed" })];
      emulator.setRateLimit({ requestsPerSecond: 1, burst: 1 });

      const accepted = await reprocess(requests[0]?.id ?? "");
      const throttled = await reprocess(requests[1]?.id ?? "");

      expect([accepted.status, throttled.status]).toEqual([202, 429]);
      expect(throttled.headers.get("retry-after")).toBe("1");
    });

    it("applies a fault aimed at reprocessAssignmentRequest to that call only, not to assignment reprocess", async () => {
      const [assignment] = seedAssignments({ count: 1, scope: 0x98 });
      if (assignment === undefined) throw new Error("seedAssignments returned nothing");
      emulator.upsertAssignment(assignment);
      const request = seedRequest({ state: "deliveryFailed" });
      emulator.injectFault({ match: { operation: "reprocessAssignmentRequest" }, fault: { kind: "status", status: 503 } });

      const assignmentStatus = (await sendRaw(graph, "POST", `${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments/${assignment.id}/reprocess`)).status;
      const requestStatus = (await reprocess(request.id)).status;

      expect([assignmentStatus, requestStatus]).toEqual([202, 503]);
    });

    it("applies a fault aimed at listAssignmentRequests to the list", async () => {
      emulator.injectFault({ match: { operation: "listAssignmentRequests" }, fault: { kind: "throttle", retryAfterSeconds: 3 } });

      const response = await sendRaw(graph, "GET", url());

      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("3");
    });
  });

  describe("what a request reprocess does over time", () => {
    it("delivers an unscripted request at once, with a new completedDateTime", async () => {
      const request = seedRequest({ state: "deliveryFailed" });

      await reprocess(request.id);

      expect(bodyOf(await sendRaw(graph, "GET", url(`/${request.id}?$select=state,completedDateTime`)))).toMatchObject({
        state: "delivered",
        completedDateTime: new Date(nowMs).toISOString(),
      });
    });

    it("keeps a request delivering until its scripted afterMs has passed on the emulator's clock", async () => {
      const request = seedRequest({ state: "deliveryFailed", afterReprocess: { state: "delivered", afterMs: 60_000 } });

      await reprocess(request.id);
      const states = [await stateOf(request.id)];
      nowMs += 59_999;
      states.push(await stateOf(request.id));
      nowMs += 1;
      states.push(await stateOf(request.id));

      expect(states).toEqual(["delivering", "delivering", "delivered"]);
    });

    it("gives a request that ends delivered the time delivery ended as completedDateTime", async () => {
      const request = seedRequest({ state: "partiallyDelivered", afterReprocess: { state: "delivered", afterMs: 30_000 } });
      const acceptedMs = nowMs;

      await reprocess(request.id);
      nowMs += 90_000;

      expect(emulator.getAssignmentRequest(request.id)?.completedDateTime).toBe(new Date(acceptedMs + 30_000).toISOString());
    });

    it("ends a request in its scripted deliveryFailed, keeping the completedDateTime that started its window", async () => {
      const request = seedRequest({ state: "deliveryFailed", afterReprocess: { state: "deliveryFailed", afterMs: 1_000 } });

      await reprocess(request.id);
      nowMs += 1_000;

      expect(emulator.getAssignmentRequest(request.id)).toMatchObject({ state: "deliveryFailed", completedDateTime: request.completedDateTime });
    });

    it("lists a reprocessed request under its state of the moment", async () => {
      const request = seedRequest({ state: "deliveryFailed", afterReprocess: { state: "partiallyDelivered", afterMs: 5_000 } });
      const ofState = async (state: string): Promise<unknown[]> => valueOf(await sendRaw(graph, "GET", filtered(`state eq '${state}'`, "&$top=999"))).map((listed) => listed.id);

      await reprocess(request.id);
      const whileDelivering = await ofState("delivering");
      nowMs += 5_000;

      expect(whileDelivering).toContain(request.id);
      expect(await ofState("partiallyDelivered")).toContain(request.id);
    });

    it("refuses reprocessing a request again while it is delivering", async () => {
      const request = seedRequest({ state: "deliveryFailed", afterReprocess: { state: "delivered", afterMs: 60_000 } });

      const statuses = [(await reprocess(request.id)).status, (await reprocess(request.id)).status];

      expect(statuses).toEqual([202, 400]);
    });
  });

  describe("what an assignment reprocess does over time", () => {
    const assignmentUrl = (id: string, rest = ""): string => `${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments/${id}${rest}`;

    it("leaves an unscripted assignment delivered, as before scripts existed", async () => {
      const [assignment] = seedAssignments({ count: 1, scope: 0x97 });
      if (assignment === undefined) throw new Error("seedAssignments returned nothing");
      emulator.upsertAssignment(assignment);

      await sendRaw(graph, "POST", assignmentUrl(assignment.id, "/reprocess"));

      expect(bodyOf(await sendRaw(graph, "GET", assignmentUrl(assignment.id, "?$select=state"))).state).toBe("delivered");
    });

    it("keeps a scripted assignment delivering, then gives it the scripted state once afterMs has passed", async () => {
      const [seed] = seedAssignments({ count: 1, scope: 0x96 });
      if (seed === undefined) throw new Error("seedAssignments returned nothing");
      emulator.upsertAssignment({ ...seed, afterReprocess: { state: "deliveryFailed", afterMs: 10_000 } });
      const assignmentState = async (): Promise<unknown> => bodyOf(await sendRaw(graph, "GET", assignmentUrl(seed.id, "?$select=state"))).state;

      await sendRaw(graph, "POST", assignmentUrl(seed.id, "/reprocess"));
      const states = [await assignmentState()];
      nowMs += 10_000;
      states.push(await assignmentState());

      expect(states).toEqual(["delivering", "deliveryFailed"]);
    });

    it("lists a scripted assignment under its state of the moment", async () => {
      const [seed] = seedAssignments({ count: 1, scope: 0x95 });
      if (seed === undefined) throw new Error("seedAssignments returned nothing");
      emulator.upsertAssignment({ ...seed, afterReprocess: { state: "partiallyDelivered", afterMs: 1_000 } });
      const listed = async (): Promise<unknown> =>
        valueOf(await sendRaw(graph, "GET", `${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments?$filter=${encodeURIComponent(`accessPackage/id eq '${seed.accessPackageId}'`)}`))[0]?.state;

      await sendRaw(graph, "POST", assignmentUrl(seed.id, "/reprocess"));
      const states = [await listed()];
      nowMs += 1_000;
      states.push(await listed());

      expect(states).toEqual(["delivering", "partiallyDelivered"]);
    });
  });
});
