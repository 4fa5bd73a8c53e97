import type { HttpRequestInit } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { getAssignmentRoute } from "../../src/functions/getAssignmentHttp";
import { getAssignmentRequestRoute } from "../../src/functions/getAssignmentRequestHttp";
import { reprocessAssignmentRoute } from "../../src/functions/reprocessAssignmentHttp";
import { reprocessAssignmentRequestRoute } from "../../src/functions/reprocessAssignmentRequestHttp";
import { reprocessBatchRoute } from "../../src/functions/reprocessBatchHttp";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { seedAssignments } from "../support/graph/seedAssignments";
import { invokeHttp } from "../support/host/functionInvocation";
import { functionRouteUrl } from "../support/host/functionRouteUrl";
import { localIdentity } from "../support/identity/localIdentity";
import { useEntraHttpTestBed } from "../support/identity/useEntraHttpTestBed";

const seeded = seedAssignments({ count: 2, scope: 0xa11, states: ["delivered", "expired"] });
const delivered = seeded[0]?.id ?? "";
const expired = seeded[1]?.id ?? "";
const unknown = "00000000-0000-4000-8000-00000000dead";
const failedRequests = seedAssignmentRequests({ count: 1, scope: 0xa12, states: ["deliveryFailed"], agesMs: [86_400_000] });
const failedRequest = failedRequests[0]?.id ?? "";

function assignmentRequest(id: string, authorization?: string): HttpRequestInit {
  return { method: "POST", url: functionRouteUrl(reprocessAssignmentRoute, { id }), params: { id }, headers: authorization === undefined ? {} : { authorization } };
}

function requestReprocessRequest(id: string, authorization: string): HttpRequestInit {
  return { method: "POST", url: functionRouteUrl(reprocessAssignmentRequestRoute, { id }), params: { id }, headers: { authorization } };
}

function readRequest(route: string, id: string, authorization?: string): HttpRequestInit {
  return { method: "GET", url: functionRouteUrl(route, { id }), params: { id }, headers: authorization === undefined ? {} : { authorization } };
}

function batchRequest(ids: readonly string[], authorization: string): HttpRequestInit {
  return { method: "POST", url: functionRouteUrl(reprocessBatchRoute, {}), headers: { authorization, "content-type": "application/json" }, body: { string: JSON.stringify({ assignmentIds: ids }) } };
}

describe("the HTTP routes with HTTP_AUTH=entra", () => {
  const bed = useEntraHttpTestBed(seeded, failedRequests);
  const bearer = async (options: Parameters<typeof bed.issuer.mint>[0] = {}): Promise<string> => `Bearer ${await bed.issuer.mint(options)}`;

  describe(`POST /api/${reprocessAssignmentRoute} with a valid token`, () => {
    it("reprocesses a delivered assignment with 202", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer()));
      expect([response.status, bed.graph.reprocessCount(delivered)]).toEqual([202, 1]);
    });

    it("answers an assignment that is not delivered with 409", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(expired, await bearer()));
      expect(response.status).toBe(409);
    });

    it("answers an unknown assignment with 404", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(unknown, await bearer()));
      expect(response.status).toBe(404);
    });

    it("answers an invalid id with 400", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest("not-a-guid", await bearer()));
      expect(response.status).toBe(400);
    });

    it("accepts a v2.0 token as well as a v1.0 one", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer({ version: "2.0" })));
      expect(response.status).toBe(202);
    });

    it("accepts the scheme in any case, as RFC 6750 allows", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, (await bearer()).replace("Bearer", "bEARER")));
      expect(response.status).toBe(202);
    });

    it("accepts a token that expired less than 5 minutes ago (clock skew)", async () => {
      const issuedAt = Math.floor(Date.now() / 1000) - 3600 - 240;
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer({ issuedAt })));
      expect(response.status).toBe(202);
    });

    it("records the caller's object id and client id in the outcome telemetry", async () => {
      await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer()));
      expect(bed.telemetry.outcomes).toMatchObject([{ outcome: "accepted", caller: { objectId: localIdentity.callerObjectId, appId: localIdentity.callerAppId } }]);
    });

    it("takes the client id of a v2.0 token from azp", async () => {
      await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer({ version: "2.0", appId: "11111111-2222-4333-8444-555555555555" })));
      expect(bed.telemetry.outcomes[0]?.caller?.appId).toBe("11111111-2222-4333-8444-555555555555");
    });

    it("logs who called, and never the token", async () => {
      const authorization = await bearer();
      const { logs } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, authorization));
      expect(logs.some((log) => log.text.includes(localIdentity.callerObjectId))).toBe(true);
      expect(logs.some((log) => log.text.includes(authorization.slice("Bearer ".length)))).toBe(false);
    });
  });

  describe(`POST /api/${reprocessAssignmentRequestRoute} with a valid token`, () => {
    it("reprocesses a failed request inside its window with 202", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignmentRequest, requestReprocessRequest(failedRequest, await bearer()));
      expect(response.status).toBe(202);
    });

    it("answers an unknown request with 404", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignmentRequest, requestReprocessRequest(unknown, await bearer()));
      expect(response.status).toBe(404);
    });
  });

  describe(`POST /api/${reprocessBatchRoute} with a valid token`, () => {
    it("records the caller's object id and client id on the enqueue it records", async () => {
      await invokeHttp(bed.handlers.reprocessBatch, batchRequest([delivered], await bearer()));
      expect(bed.telemetry.queueActions).toMatchObject([{ action: "enqueued", source: "http", caller: { objectId: localIdentity.callerObjectId, appId: localIdentity.callerAppId } }]);
    });

    it("enqueues the ids and answers 202", async () => {
      const before = bed.messages();
      const { response } = await invokeHttp(bed.handlers.reprocessBatch, batchRequest([delivered, expired], await bearer()));
      expect([response.status, bed.messages() - before]).toEqual([202, 2]);
    });

    it("answers a body that is not JSON with 400", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessBatch, { ...batchRequest([], await bearer()), body: { string: "{" } });
      expect(response.status).toBe(400);
    });
  });

  describe(`GET /api/${getAssignmentRoute} and /api/${getAssignmentRequestRoute} with a valid token`, () => {
    it("answers an assignment's state with 200", async () => {
      const { response } = await invokeHttp(bed.handlers.getAssignment, readRequest(getAssignmentRoute, expired, await bearer()));
      expect([response.status, ((await response.json()) as { state: string }).state]).toEqual([200, "expired"]);
    });

    it("answers a request's state with 200", async () => {
      const { response } = await invokeHttp(bed.handlers.getAssignmentRequest, readRequest(getAssignmentRequestRoute, failedRequest, await bearer()));
      expect(response.status).toBe(200);
    });

    it("answers without a token with 401 and makes no Graph call", async () => {
      const { response } = await invokeHttp(bed.handlers.getAssignment, readRequest(getAssignmentRoute, delivered));
      expect([response.status, bed.graph.requests.length]).toEqual([401, 0]);
    });
  });

  describe("without a token", () => {
    it("answers 401 with a bare Bearer challenge and a Graph-shaped body naming the check", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered));
      expect({ status: response.status, challenge: response.headers.get("www-authenticate"), body: await response.json() }).toEqual({
        status: 401,
        challenge: "Bearer",
        body: { error: { code: "missingToken", message: expect.any(String) as string } },
      });
    });

    it("makes no Graph call", async () => {
      await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered));
      expect(bed.graph.requests).toEqual([]);
    });
  });

  describe("with a valid token that lacks the app role", () => {
    it("answers 403 insufficient_scope naming the role", async () => {
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer({ roles: ["Other.Role"] })));
      expect({ status: response.status, challenge: response.headers.get("www-authenticate"), code: ((await response.json()) as { error: { code: string } }).error.code }).toEqual({
        status: 403,
        challenge: expect.stringMatching(/^Bearer error="insufficient_scope"/) as string,
        code: "missingRole",
      });
    });
  });

  describe("with an expired token", () => {
    it("answers 401 invalid_token naming the check", async () => {
      const issuedAt = Math.floor(Date.now() / 1000) - 3600 - 301;
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer({ issuedAt })));
      expect({ status: response.status, challenge: response.headers.get("www-authenticate"), code: ((await response.json()) as { error: { code: string } }).error.code }).toEqual({
        status: 401,
        challenge: expect.stringMatching(/^Bearer error="invalid_token", error_description="[^"]+"$/) as string,
        code: "tokenExpired",
      });
    });
  });

  describe("with a token signed by a key published within the refresh interval of the last read", () => {
    it("answers 401 unknownSigningKey: the interval caps reads, and Entra publishes keys long before it signs with them", async () => {
      await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, await bearer()));
      const key = await bed.issuer.publishKey();
      const token = await bed.issuer.mint({}, key);
      const { response } = await invokeHttp(bed.handlers.reprocessAssignment, assignmentRequest(delivered, `Bearer ${token}`));
      expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([401, "unknownSigningKey"]);
    });
  });
});
