import { randomUUID } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpMethods,
  type Pipeline,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ManagedIdentityCredential } from "@azure/identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assignmentStates } from "./emulatedAssignment";
import { GraphEmulator } from "./graphEmulator";
import { graphServicePrincipal } from "./graphServicePrincipal";
import { seedAssignments } from "./seedAssignments";
import { decodeJwtClaims, encodeUnsignedJwt } from "./unsignedJwt";

interface GraphError {
  readonly code: string;
  readonly message: string;
  readonly innerError: Readonly<Record<string, string>>;
}

type GraphBody = Readonly<Record<string, unknown>>;

interface SendOptions {
  readonly body?: string;
  readonly clientRequestId?: string;
  readonly abortSignal?: AbortSignal;
}

const httpClient = createDefaultHttpClient();
const readWriteRole = "EntitlementManagement.ReadWrite.All";
const deliveredInPackage = seedAssignments({ count: 12, scope: 1 });
const oneOfEachState = seedAssignments({ count: assignmentStates.length, scope: 2, states: assignmentStates });
const packageOneId = deliveredInPackage[0]?.accessPackageId ?? "";
const delivered = deliveredInPackage[0]?.id ?? "";
const unknownId = "00000000-0000-4000-8000-00000000dead";

function assignmentOf(state: string): string {
  const found = oneOfEachState.find((assignment) => assignment.state === state);
  if (found === undefined) throw new Error(`No seeded assignment in state ${state}`);
  return found.id;
}

// A distinct client id per credential: MSAL caches managed identity tokens process-wide by it.
function newCredential(): ManagedIdentityCredential {
  return new ManagedIdentityCredential({ clientId: randomUUID() });
}

function graphPipeline(credential: TokenCredential | undefined, scope: string, maxRetries = 0): Pipeline {
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries, retryDelayInMs: 10 } });
  if (credential !== undefined) pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
  return pipeline;
}

async function send(pipeline: Pipeline, method: HttpMethods, url: string, options: SendOptions = {}): Promise<PipelineResponse> {
  const headers = createHttpHeaders(options.clientRequestId === undefined ? {} : { "client-request-id": options.clientRequestId });
  const request = createPipelineRequest({
    url,
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
  });
  if (options.body !== undefined) request.headers.set("content-type", "application/json");
  return pipeline.sendRequest(httpClient, request);
}

function bodyOf(response: PipelineResponse): GraphBody {
  return JSON.parse(response.bodyAsText ?? "null") as GraphBody;
}

function errorOf(response: PipelineResponse): GraphError {
  return (bodyOf(response) as { error: GraphError }).error;
}

function valueOf(response: PipelineResponse): GraphBody[] {
  return bodyOf(response).value as GraphBody[];
}

// For tokens the managed identity endpoint would never issue.
function staticCredential(token: string): TokenCredential {
  return { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

async function tokenClaims(token: Promise<AccessToken>): Promise<Record<string, unknown> | undefined> {
  return decodeJwtClaims((await token).token);
}

describe("GraphEmulator", () => {
  let emulator: GraphEmulator;
  let graph: Pipeline;
  let assignmentsUrl: string;

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ assignments: [...deliveredInPackage, ...oneOfEachState], pageSize: 5 });
    // MSAL fixes the managed identity endpoint on first use for the whole process, so every
    // test in this file talks to this one emulator's identity endpoint.
    process.env.IDENTITY_ENDPOINT = emulator.identityEndpoint;
    process.env.IDENTITY_HEADER = emulator.identityHeader;
    graph = graphPipeline(newCredential(), emulator.graphScope);
    assignmentsUrl = `${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments`;
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.clearRecords();
  });

  afterEach(() => {
    emulator.clearFaults();
    emulator.setRateLimit(undefined);
    emulator.setGrantedRoles([readWriteRole]);
    emulator.clearAppRoleAssignments();
    emulator.clearEntitlementRoleAssignments();
  });

  describe("managed identity endpoint", () => {
    it("issues ManagedIdentityCredential a token whose audience is the cloud's Graph root", async () => {
      const clientId = randomUUID();
      const claims = await tokenClaims(new ManagedIdentityCredential({ clientId }).getToken(emulator.graphScope));

      expect(claims).toMatchObject({ aud: "https://graph.microsoft.com", appid: clientId, roles: [readWriteRole] });
      expect(emulator.identityRequests).toEqual([{ resource: "https://graph.microsoft.com", clientId, headerValid: true }]);
    });

    it("answers a token request carrying the wrong identity header with 400", async () => {
      const response = await fetch(`${emulator.identityEndpoint}?api-version=2019-08-01&resource=https://graph.microsoft.com`, {
        headers: { "x-identity-header": "not-the-header" },
      });

      expect(response.status).toBe(400);
      expect(emulator.identityRequests).toEqual([{ resource: "https://graph.microsoft.com", headerValid: false }]);
    });

    it("answers a token request without the identity header with 400", async () => {
      const response = await fetch(`${emulator.identityEndpoint}?api-version=2019-08-01&resource=https://graph.microsoft.com`);

      expect(response.status).toBe(400);
    });

    it("fails the credential for as many requests as the injected identity failure says, then issues tokens again", async () => {
      const credential = newCredential();
      emulator.failIdentity({ status: 400, times: 1 });

      await expect(credential.getToken(emulator.graphScope)).rejects.toThrow();
      await expect(credential.getToken(emulator.graphScope)).resolves.toMatchObject({ tokenType: "Bearer" });
      expect(emulator.identityRequests).toHaveLength(2);
    });
  });

  describe("transport", () => {
    it("serves HTTPS that the default client trusts through NODE_EXTRA_CA_CERTS", async () => {
      expect(process.env.NODE_EXTRA_CA_CERTS).toMatch(/test[/\\]support[/\\]certs[/\\]localhost\.crt$/);

      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(200);
    });

    it("stamps every response with a request-id, the caller's client-request-id and a Date", async () => {
      const clientRequestId = randomUUID();

      const response = await send(graph, "GET", `${assignmentsUrl}/${unknownId}`, { clientRequestId });

      expect(response.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get("client-request-id")).toBe(clientRequestId);
      expect(Date.parse(response.headers.get("date") ?? "")).not.toBeNaN();
    });

    it("makes up a client-request-id when the caller sends none", async () => {
      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.headers.get("client-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe("GET assignment", () => {
    it("returns only the $select-ed properties with an @odata.context", async () => {
      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}?$select=id,state`);

      expect(response.status).toBe(200);
      expect(bodyOf(response)).toEqual({
        "@odata.context": `${emulator.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/assignments(id,state)/$entity`,
        id: delivered,
        state: "delivered",
      });
    });

    it("answers an unknown id with 404 and a Graph-shaped error carrying both request ids", async () => {
      const clientRequestId = randomUUID();

      const response = await send(graph, "GET", `${assignmentsUrl}/${unknownId}`, { clientRequestId });

      expect(response.status).toBe(404);
      expect(errorOf(response)).toMatchObject({
        code: "ResourceNotFound",
        innerError: { "request-id": response.headers.get("request-id"), "client-request-id": clientRequestId },
      });
      expect(errorOf(response).innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });

    it("answers an id that is not a GUID with 400 BadRequest", async () => {
      const response = await send(graph, "GET", `${assignmentsUrl}/not-a-guid`);

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
    });
  });

  describe("POST reprocess", () => {
    it("accepts a delivered assignment with 202 and an empty body, and counts it", async () => {
      const before = emulator.totalReprocesses();
      const id = deliveredInPackage[1]?.id ?? "";

      const response = await send(graph, "POST", `${assignmentsUrl}/${id}/reprocess`);

      expect(response.status).toBe(202);
      expect(response.bodyAsText ?? "").toBe("");
      expect(emulator.reprocessCount(id)).toBe(1);
      expect(emulator.totalReprocesses()).toBe(before + 1);
    });

    it("refuses an assignment that is not delivered with 400 BadRequest by default", async () => {
      const response = await send(graph, "POST", `${assignmentsUrl}/${assignmentOf("expired")}/reprocess`);

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
      expect(emulator.reprocessCount(assignmentOf("expired"))).toBe(0);
    });

    it("answers an assignment that is not delivered as nonDeliveredReprocess configures", async () => {
      const notDelivered = seedAssignments({ count: 1, scope: 9, states: ["deliveryFailed"] });
      const other = await GraphEmulator.start({
        assignments: notDelivered,
        nonDeliveredReprocess: { status: 409, code: "AssignmentNotDelivered", message: "Not delivered." },
      });
      try {
        const response = await send(graph, "POST", `${other.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments/${notDelivered[0]?.id ?? ""}/reprocess`);

        expect(response.status).toBe(409);
        expect(errorOf(response)).toMatchObject({ code: "AssignmentNotDelivered", message: "Not delivered." });
      } finally {
        await other.close();
      }
    });

    it("answers an unknown assignment with 404", async () => {
      const response = await send(graph, "POST", `${assignmentsUrl}/${unknownId}/reprocess`);

      expect(response.status).toBe(404);
    });

    it("answers an id that is not a GUID with 400", async () => {
      const response = await send(graph, "POST", `${assignmentsUrl}/12345/reprocess`);

      expect(response.status).toBe(400);
    });
  });

  describe("GET assignments", () => {
    it("pages a filtered list through absolute @odata.nextLink URLs on the emulator", async () => {
      const ids: unknown[] = [];
      const links: string[] = [];
      let url: string | undefined = `${assignmentsUrl}?$filter=${encodeURIComponent(`accessPackage/id eq '${packageOneId}'`)}`;
      while (url !== undefined) {
        const response = await send(graph, "GET", url);
        expect(response.status).toBe(200);
        ids.push(...valueOf(response).map((assignment) => assignment.id));
        url = bodyOf(response)["@odata.nextLink"] as string | undefined;
        if (url !== undefined) links.push(url);
      }

      expect(ids).toEqual(deliveredInPackage.map((assignment) => assignment.id));
      expect(links).toHaveLength(2);
      for (const link of links) expect(link).toMatch(new RegExp(`^${emulator.baseUrl}/v1\\.0/.*\\$skiptoken=`));
    });

    it("honours $top as the page size", async () => {
      const response = await send(graph, "GET", `${assignmentsUrl}?$top=3`);

      expect(valueOf(response)).toHaveLength(3);
      expect(bodyOf(response)["@odata.nextLink"]).toContain("$top=3");
    });

    it("combines state, accessPackage/id and target/objectId clauses joined by and", async () => {
      const target = deliveredInPackage[4]?.targetObjectId ?? "";
      const filter = `state eq 'delivered' and accessPackage/id eq '${packageOneId}' and target/objectId eq '${target}'`;

      const response = await send(graph, "GET", `${assignmentsUrl}?$filter=${encodeURIComponent(filter)}&$select=id`);

      expect(valueOf(response)).toEqual([{ id: deliveredInPackage[4]?.id }]);
    });

    it("filters on state alone", async () => {
      const response = await send(graph, "GET", `${assignmentsUrl}?$filter=${encodeURIComponent("state eq 'partiallyDelivered'")}`);

      expect(valueOf(response).map((assignment) => assignment.id)).toEqual([assignmentOf("partiallyDelivered")]);
    });

    it("expands target and accessPackage as nested objects", async () => {
      const filter = encodeURIComponent(`target/objectId eq '${deliveredInPackage[2]?.targetObjectId ?? ""}'`);

      const response = await send(graph, "GET", `${assignmentsUrl}?$filter=${filter}&$select=id&$expand=target,accessPackage`);

      expect(valueOf(response)).toEqual([
        { id: deliveredInPackage[2]?.id, target: { objectId: deliveredInPackage[2]?.targetObjectId }, accessPackage: { id: packageOneId } },
      ]);
    });

    it("refuses a filter it does not support with 400", async () => {
      const response = await send(graph, "GET", `${assignmentsUrl}?$filter=${encodeURIComponent("state ne 'delivered'")}`);

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
    });

    it("lists an upserted assignment from then on", async () => {
      const [added] = seedAssignments({ count: 1, scope: 7 });
      if (added === undefined) throw new Error("seedAssignments returned nothing");
      emulator.upsertAssignment(added);

      const response = await send(graph, "GET", `${assignmentsUrl}?$filter=${encodeURIComponent(`accessPackage/id eq '${added.accessPackageId}'`)}`);

      expect(valueOf(response).map((assignment) => assignment.id)).toEqual([added.id]);
    });
  });

  describe("routing", () => {
    it("answers /beta with 400 BadRequest", async () => {
      const response = await send(graph, "GET", `${emulator.baseUrl}/beta/identityGovernance/entitlementManagement/assignments`);

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe("BadRequest");
    });

    it("answers an unknown v1.0 path with 404 and a Graph error body", async () => {
      const response = await send(graph, "GET", `${emulator.baseUrl}/v1.0/me`);

      expect(response.status).toBe(404);
      expect(errorOf(response).innerError["request-id"]).toBe(response.headers.get("request-id"));
    });
  });

  describe("authentication and authorisation", () => {
    it("refuses a request without a bearer token with 401 InvalidAuthenticationToken", async () => {
      const response = await send(graphPipeline(undefined, emulator.graphScope), "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe("InvalidAuthenticationToken");
    });

    it("refuses a token that is not a JWT with 401 InvalidAuthenticationToken", async () => {
      const garbled = graphPipeline(staticCredential("not-a-jwt"), emulator.graphScope);

      const response = await send(garbled, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe("InvalidAuthenticationToken");
    });

    it("refuses an expired token with 401", async () => {
      const expired = encodeUnsignedJwt({ aud: "https://graph.microsoft.com", roles: [readWriteRole], exp: Math.floor(Date.now() / 1000) - 60 });

      const response = await send(graphPipeline(staticCredential(expired), emulator.graphScope), "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(401);
      expect(errorOf(response).message).toMatch(/expired/);
    });

    it("refuses a token issued for another cloud's Graph with 401", async () => {
      const usGov = await GraphEmulator.start({ cloud: "USGov", assignments: deliveredInPackage });
      try {
        const response = await send(graph, "GET", `${usGov.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments/${delivered}`);

        expect(response.status).toBe(401);
        expect(errorOf(response).code).toBe("InvalidAuthenticationToken");
        expect(usGov.requests[0]?.audience).toBe("https://graph.microsoft.com");
      } finally {
        await usGov.close();
      }
    });

    it("accepts a token for the emulated cloud's Graph root written with a trailing slash", async () => {
      const usGov = await GraphEmulator.start({ cloud: "USGov", assignments: deliveredInPackage });
      try {
        const slashed = graphPipeline(newCredential(), "https://graph.microsoft.us//.default");

        const response = await send(slashed, "GET", `${usGov.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments/${delivered}`);

        expect(response.status).toBe(200);
        expect(emulator.identityRequests.at(-1)?.resource).toBe("https://graph.microsoft.us/");
      } finally {
        await usGov.close();
      }
    });

    it("refuses a token without the EntitlementManagement role with 403 Authorization_RequestDenied", async () => {
      emulator.setGrantedRoles([]);
      const roleless = graphPipeline(newCredential(), emulator.graphScope);

      const response = await send(roleless, "POST", `${assignmentsUrl}/${delivered}/reprocess`);

      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe("Authorization_RequestDenied");
    });
  });

  describe("faults", () => {
    it("answers an injected throttle with 429 and no Retry-After when none is given", async () => {
      emulator.injectFault({ fault: { kind: "throttle" } });

      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(429);
      expect(response.headers.has("retry-after")).toBe(false);
      expect(errorOf(response).code).toBe("TooManyRequests");
    });

    it("lets the pipeline retry an injected throttle that carries Retry-After", async () => {
      emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 0 } });
      const retrying = graphPipeline(newCredential(), emulator.graphScope, 3);

      const response = await send(retrying, "POST", `${assignmentsUrl}/${delivered}/reprocess`);

      expect(response.status).toBe(202);
      expect(emulator.requests.map((request) => request.status)).toEqual([429, 202]);
    });

    it("answers an injected status fault with its status and Graph error code", async () => {
      emulator.injectFault({ fault: { kind: "status", status: 503, code: "ServiceUnavailable" } });

      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(503);
      expect(errorOf(response).code).toBe("ServiceUnavailable");
    });

    it("sends an injected status fault's body verbatim with its content type", async () => {
      emulator.injectFault({ fault: { kind: "status", status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html" } });

      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(502);
      expect(response.bodyAsText).toBe("<html>Bad Gateway</html>");
      expect(response.headers.get("content-type")).toBe("text/html");
    });

    it("drops the connection for an injected reset", async () => {
      emulator.injectFault({ fault: { kind: "reset" } });

      await expect(send(graph, "GET", `${assignmentsUrl}/${delivered}`)).rejects.toMatchObject({ code: "ECONNRESET" });
    });

    it("answers normally once an injected delay has passed", async () => {
      emulator.injectFault({ fault: { kind: "delay", delayMs: 150 } });
      const started = performance.now();

      const response = await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });

    it("never answers a hung request, leaving the caller to give up", async () => {
      emulator.injectFault({ fault: { kind: "hang" } });

      await expect(send(graph, "GET", `${assignmentsUrl}/${delivered}`, { abortSignal: AbortSignal.timeout(200) })).rejects.toThrow();
      expect(emulator.requests[0]?.status).toBe(0);
    });

    it("applies a fault only to matching requests, and only as many times as asked", async () => {
      emulator.injectFault({ match: { method: "POST", pathIncludes: "/reprocess" }, fault: { kind: "status", status: 500 }, times: 2 });

      const statuses = [
        (await send(graph, "GET", `${assignmentsUrl}/${delivered}`)).status,
        (await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess`)).status,
        (await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess`)).status,
        (await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess`)).status,
      ];

      expect(statuses).toEqual([200, 500, 500, 202]);
    });

    it("draws the same random faults again from the same seed", async () => {
      const run = async (): Promise<number[]> => {
        emulator.setFaultRate({ rate: 0.3, faults: [{ kind: "status", status: 503 }, { kind: "throttle" }], seed: 42 });
        const statuses: number[] = [];
        for (let index = 0; index < 30; index++) statuses.push((await send(graph, "GET", `${assignmentsUrl}/${delivered}`)).status);
        return statuses;
      };

      const first = await run();
      const second = await run();

      expect(second).toEqual(first);
      expect(new Set(first)).toEqual(new Set([200, 503, 429]));
    });

    it("throttles reprocess calls beyond the rate limit's burst with 429 and Retry-After", async () => {
      emulator.setRateLimit({ requestsPerSecond: 1, burst: 2 });
      const throttledBefore = emulator.throttledCount();

      const responses = [
        await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess`),
        await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess`),
        await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess`),
      ];

      expect(responses.map((response) => response.status)).toEqual([202, 202, 429]);
      expect(responses[2]?.headers.get("retry-after")).toBe("1");
      expect(emulator.throttledCount()).toBe(throttledBefore + 1);
    });

    it("leaves reads alone under a rate limit", async () => {
      emulator.setRateLimit({ requestsPerSecond: 1, burst: 1 });

      const statuses = [
        (await send(graph, "GET", `${assignmentsUrl}/${delivered}`)).status,
        (await send(graph, "GET", `${assignmentsUrl}/${delivered}`)).status,
      ];

      expect(statuses).toEqual([200, 200]);
    });
  });

  describe("recording", () => {
    it("records a request with its authorization redacted but the token's audience kept", async () => {
      const clientRequestId = randomUUID();

      await send(graph, "POST", `${assignmentsUrl}/${delivered}/reprocess?x=1`, { clientRequestId });

      expect(emulator.requests).toEqual([
        expect.objectContaining({
          method: "POST",
          path: `/v1.0/identityGovernance/entitlementManagement/assignments/${delivered}/reprocess`,
          url: `/v1.0/identityGovernance/entitlementManagement/assignments/${delivered}/reprocess?x=1`,
          audience: "https://graph.microsoft.com",
          clientRequestId,
          status: 202,
        }),
      ]);
      expect(emulator.requests[0]?.headers.authorization).toBe("Bearer <redacted>");
      expect(emulator.requests[0]?.receivedAtMs).toBeGreaterThan(Date.now() - 5000);
    });

    it("forgets recorded Graph and identity requests on clearRecords", async () => {
      await newCredential().getToken(emulator.graphScope);
      await send(graph, "GET", `${assignmentsUrl}/${delivered}`);

      emulator.clearRecords();

      expect(emulator.requests).toEqual([]);
      expect(emulator.identityRequests).toEqual([]);
    });
  });

  describe("service principals", () => {
    const servicePrincipalsUrl = (): string => `${emulator.baseUrl}/v1.0/servicePrincipals`;
    const grantUrl = (): string => `${servicePrincipalsUrl()}/${graphServicePrincipal.id}/appRoleAssignedTo`;
    const roleId = graphServicePrincipal.appRoles.find((role) => role.value === readWriteRole)?.id ?? "";
    const grantBody = (): string =>
      JSON.stringify({ principalId: emulator.managedIdentityPrincipalId, resourceId: graphServicePrincipal.id, appRoleId: roleId });

    it("finds the Graph service principal by appId, with the EntitlementManagement.ReadWrite.All app role", async () => {
      const filter = encodeURIComponent("appId eq '00000003-0000-0000-c000-000000000000'");

      const response = await send(graph, "GET", `${servicePrincipalsUrl()}?$filter=${filter}`);

      const [principal] = valueOf(response);
      expect(valueOf(response)).toHaveLength(1);
      expect(principal?.id).toBe(graphServicePrincipal.id);
      expect(principal?.appRoles).toContainEqual(
        expect.objectContaining({ value: readWriteRole, allowedMemberTypes: ["Application"], id: roleId }),
      );
    });

    it("returns the managed identity's service principal by id", async () => {
      const response = await send(graph, "GET", `${servicePrincipalsUrl()}/${emulator.managedIdentityPrincipalId}?$select=id,servicePrincipalType`);

      expect(bodyOf(response)).toMatchObject({ id: emulator.managedIdentityPrincipalId, servicePrincipalType: "ManagedIdentity" });
    });

    it("grants an app role with 201 and lists it under appRoleAssignedTo", async () => {
      const created = await send(graph, "POST", grantUrl(), { body: grantBody() });
      const listed = await send(graph, "GET", grantUrl());

      expect(created.status).toBe(201);
      expect(valueOf(listed)).toEqual([
        expect.objectContaining({ principalId: emulator.managedIdentityPrincipalId, resourceId: graphServicePrincipal.id, appRoleId: roleId }),
      ]);
    });

    it("refuses granting the same app role twice with 'Permission being assigned already exists on the object'", async () => {
      await send(graph, "POST", grantUrl(), { body: grantBody() });

      const again = await send(graph, "POST", grantUrl(), { body: grantBody() });

      expect(again.status).toBe(400);
      expect(errorOf(again).message).toBe("Permission being assigned already exists on the object.");
    });

    it("puts a role granted to the managed identity into its later tokens", async () => {
      emulator.setGrantedRoles([]);
      await send(graph, "POST", grantUrl(), { body: grantBody() });

      const claims = await tokenClaims(newCredential().getToken(emulator.graphScope));

      expect(claims?.roles).toEqual([readWriteRole]);
    });
  });

  describe("entitlement management roles", () => {
    const rolesUrl = (): string => `${emulator.baseUrl}/v1.0/roleManagement/entitlementManagement`;
    const assignmentManagerId = "e2182095-804a-4656-ae11-64734e9b7ae5";
    const catalogScope = "/AccessPackageCatalog/beedadfe-01d5-4025-910b-84abb9369997";
    const roleAssignmentBody = (): string =>
      JSON.stringify({ principalId: emulator.managedIdentityPrincipalId, roleDefinitionId: assignmentManagerId, appScopeId: catalogScope });

    it("lists the built-in role definitions with Graph's display names", async () => {
      const response = await send(graph, "GET", `${rolesUrl()}/roleDefinitions`);

      expect(valueOf(response)).toContainEqual(
        expect.objectContaining({ id: assignmentManagerId, templateId: assignmentManagerId, displayName: "AccessPackage assignment manager" }),
      );
    });

    it("filters role definitions by exact display name", async () => {
      const filter = encodeURIComponent("displayName eq 'Catalog owner'");

      const response = await send(graph, "GET", `${rolesUrl()}/roleDefinitions?$filter=${filter}&$select=id`);

      expect(valueOf(response)).toEqual([{ id: "ae79f266-94d4-4dab-b730-feca7e132178" }]);
    });

    it("creates a catalog-scoped role assignment with 201 and lists it for the principal", async () => {
      const created = await send(graph, "POST", `${rolesUrl()}/roleAssignments`, { body: roleAssignmentBody() });
      const filter = encodeURIComponent(`principalId eq '${emulator.managedIdentityPrincipalId}'`);
      const listed = await send(graph, "GET", `${rolesUrl()}/roleAssignments?$filter=${filter}`);

      expect(created.status).toBe(201);
      expect(valueOf(listed)).toEqual([
        expect.objectContaining({ principalId: emulator.managedIdentityPrincipalId, roleDefinitionId: assignmentManagerId, appScopeId: catalogScope }),
      ]);
    });

    it("refuses listing role assignments without a filter, as Graph does", async () => {
      const response = await send(graph, "GET", `${rolesUrl()}/roleAssignments`);

      expect(response.status).toBe(400);
    });

    it("refuses a role assignment whose scope is not a catalog", async () => {
      const body = JSON.stringify({ principalId: emulator.managedIdentityPrincipalId, roleDefinitionId: assignmentManagerId, appScopeId: "/Catalogs/x" });

      const response = await send(graph, "POST", `${rolesUrl()}/roleAssignments`, { body });

      expect(response.status).toBe(400);
      expect(emulator.entitlementRoleAssignments()).toEqual([]);
    });

    it("refuses the same role assignment twice", async () => {
      await send(graph, "POST", `${rolesUrl()}/roleAssignments`, { body: roleAssignmentBody() });

      const again = await send(graph, "POST", `${rolesUrl()}/roleAssignments`, { body: roleAssignmentBody() });

      expect(again.status).toBe(409);
      expect(emulator.entitlementRoleAssignments()).toHaveLength(1);
    });
  });

  it("closes both servers promptly even with a hung request open", async () => {
    const closing = await GraphEmulator.start();
    closing.injectFault({ fault: { kind: "hang" } });
    const hung = send(graph, "GET", `${closing.baseUrl}/v1.0/me`).catch((error: unknown) => error);
    await expect.poll(() => closing.requests.length).toBe(1);
    const started = performance.now();

    await closing.close();

    expect(performance.now() - started).toBeLessThan(1000);
    await expect(hung).resolves.toBeInstanceOf(Error);
    await expect(fetch(closing.identityEndpoint)).rejects.toThrow();
  });
});
