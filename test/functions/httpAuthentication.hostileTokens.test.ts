import type { HttpHandler, HttpRequestInit } from "@azure/functions";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getAssignmentRoute } from "../../src/functions/getAssignmentHttp";
import { getAssignmentRequestRoute } from "../../src/functions/getAssignmentRequestHttp";
import { reprocessAssignmentRoute } from "../../src/functions/reprocessAssignmentHttp";
import { reprocessAssignmentRequestRoute } from "../../src/functions/reprocessAssignmentRequestHttp";
import { reprocessBatchRoute } from "../../src/functions/reprocessBatchHttp";
import { seedAssignments } from "../support/graph/seedAssignments";
import { invokeHttp } from "../support/host/functionInvocation";
import { functionRouteUrl } from "../support/host/functionRouteUrl";
import { hostileAuthorizationArbitrary, type HostileAuthorization } from "../support/identity/hostileAuthorizationArbitrary";
import { generateSigningKey, type SigningKey } from "../support/identity/signingKey";
import { useEntraHttpTestBed } from "../support/identity/useEntraHttpTestBed";

const numRuns = 1_000;
const seeded = seedAssignments({ count: 1, scope: 0xbad1 });
const delivered = seeded[0]?.id ?? "";

interface Route {
  readonly name: string;
  readonly handler: () => HttpHandler;
  readonly request: (headers: Record<string, string>) => HttpRequestInit;
}

describe("the HTTP routes with HTTP_AUTH=entra under hostile tokens and Authorization headers", () => {
  const bed = useEntraHttpTestBed(seeded);
  let unpublished: SigningKey[] = [];
  const kinds = new Map<string, number>();

  beforeAll(async () => {
    unpublished = [await generateSigningKey(), await generateSigningKey(), await generateSigningKey()];
  });

  afterEach(() => {
    expect(bed.unhandled()).toBe(0);
  });

  const routes: Route[] = [
    {
      name: `POST /api/${reprocessAssignmentRoute}`,
      handler: () => bed.handlers.reprocessAssignment,
      request: (headers) => ({ method: "POST", url: functionRouteUrl(reprocessAssignmentRoute, { id: delivered }), params: { id: delivered }, headers }),
    },
    {
      name: `POST /api/${reprocessAssignmentRequestRoute}`,
      handler: () => bed.handlers.reprocessAssignmentRequest,
      request: (headers) => ({ method: "POST", url: functionRouteUrl(reprocessAssignmentRequestRoute, { id: delivered }), params: { id: delivered }, headers }),
    },
    {
      name: `POST /api/${reprocessBatchRoute}`,
      handler: () => bed.handlers.reprocessBatch,
      request: (headers) => ({ method: "POST", url: functionRouteUrl(reprocessBatchRoute, {}), headers: { ...headers, "content-type": "application/json" }, body: { string: JSON.stringify({ assignmentIds: [delivered] }) } }),
    },
    {
      name: `GET /api/${getAssignmentRoute}`,
      handler: () => bed.handlers.getAssignment,
      request: (headers) => ({ method: "GET", url: functionRouteUrl(getAssignmentRoute, { id: delivered }), params: { id: delivered }, headers }),
    },
    {
      name: `GET /api/${getAssignmentRequestRoute}`,
      handler: () => bed.handlers.getAssignmentRequest,
      request: (headers) => ({ method: "GET", url: functionRouteUrl(getAssignmentRequestRoute, { id: delivered }), params: { id: delivered }, headers }),
    },
  ];

  describe.each(routes)("$name", (route) => {
    it(`refuses ${numRuns} generated hostile requests with 401 (403 when only the role is missing), making no Graph call and sending no message`, async () => {
      const published = bed.issuer.keys[0];
      if (published === undefined) throw new Error("the issuer publishes no key");
      const messagesBefore = bed.messages();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(hostileAuthorizationArbitrary({ published, unpublished }), async (hostile: HostileAuthorization) => {
          runs += 1;
          kinds.set(hostile.kind, (kinds.get(hostile.kind) ?? 0) + 1);
          bed.graph.clearRecords();
          const { response } = await invokeHttp(route.handler(), route.request(hostile.authorization === undefined ? {} : { authorization: hostile.authorization }));
          const body = await response.text();
          const token = hostile.authorization?.replace(/^bearer\s*/i, "") ?? "";
          expect({ kind: hostile.kind, status: response.status }).toEqual({ kind: hostile.kind, status: hostile.expectedStatus });
          expect(response.headers.get("www-authenticate")).toMatch(/^Bearer(?: error="(?:invalid_token|insufficient_scope)", error_description="[ !#-[\]-~]*")?$/);
          expect(JSON.parse(body)).toEqual({ error: { code: expect.any(String) as string, message: expect.any(String) as string } });
          expect(token.length < 16 || !body.includes(token)).toBe(true);
          expect(bed.graph.requests).toEqual([]);
          expect(bed.messages()).toBe(messagesBefore);
        }),
        { numRuns },
      );
      expect(runs).toBe(numRuns);
    }, 120_000);
  });

  it("generated every kind of attack the issue names", () => {
    expect([...kinds.keys()].sort()).toEqual(
      ["algNone", "duplicated", "expired", "garbage", "hmacWithPublicKey", "malformedSigned", "missing", "missingRole", "notYetValid", "nonBase64", "otherAlgorithm", "oversized", "tamperedPayload", "truncated", "unknownKid", "wrongAudience", "wrongIssuer", "wrongKey", "wrongScheme", "wrongTenant", "flippedSignature"].sort(),
    );
  });

  it("read the tenant's keys at most once while refusing them all, unknown kids included", () => {
    expect({ metadata: bed.issuer.count("metadata"), keys: bed.issuer.count("keys") }).toEqual({ metadata: 1, keys: 1 });
  });
});
