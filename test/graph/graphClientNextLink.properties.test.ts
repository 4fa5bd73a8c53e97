import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphResponse } from "../../src/graph/graphClient";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import { startGraphTestBed, type GraphTestBed } from "../support/graph/graphTestBed";
import { listenOnLoopback } from "../support/listenOnLoopback";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { seedAssignments } from "../support/graph/seedAssignments";
import { testCertificate } from "../support/testCertificate";

const numRuns = 1_000;
const entitlementManagementPath = "/v1.0/identityGovernance/entitlementManagement";
const catalogId = deterministicGuid("catalog", 0x11e7, 0);

interface ListUnderTest {
  readonly listPath: string;
  readonly follow: (bed: GraphTestBed, nextLink: string) => Promise<GraphResponse<unknown>>;
}

// Every list the client pages, each of which must refuse the others' paths as well as foreign ones.
const lists: Readonly<Record<string, ListUnderTest>> = {
  listAssignments: { listPath: `${entitlementManagementPath}/assignments`, follow: (bed, nextLink) => bed.client.listAssignments({ nextLink }) },
  listAssignmentRequests: { listPath: `${entitlementManagementPath}/assignmentRequests`, follow: (bed, nextLink) => bed.client.listAssignmentRequests({ nextLink }) },
  listCatalogAccessPackages: { listPath: `${entitlementManagementPath}/accessPackages`, follow: (bed, nextLink) => bed.client.listCatalogAccessPackages({ catalogId, nextLink }) },
};
const allListPaths = Object.values(lists).map((list) => list.listPath);

// A nextLink can come back from a queue message, which anyone with send rights can write: the
// client must follow it only to its own Graph root's list path, whatever it says. A second HTTPS
// server on loopback stands for "somewhere else": it must never see a connection.
describe.each(Object.entries(lists))("GraphClient.%s under generated nextLinks", (_name, { listPath, follow }) => {
  let bed: GraphTestBed;
  let trap: Server;
  let trapOrigin: string;
  let trapConnections = 0;

  beforeAll(async () => {
    bed = await startGraphTestBed({
      emulator: {
        assignments: seedAssignments({ count: 3, scope: 0x11e7 }),
        assignmentRequests: seedAssignmentRequests({ count: 3, scope: 0x11e7 }),
        catalogs: [{ id: catalogId, displayName: "Catalog", accessPackages: [{ id: deterministicGuid("accessPackage", 0x11e7, 0), displayName: "Package" }] }],
        pageSize: 1,
      },
      graph: { maxInlineRetries: 0, requestTimeoutMs: 10_000 },
    });
    trap = createServer({ cert: readFileSync(testCertificate.certPath), key: readFileSync(testCertificate.keyPath) }, (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end('{"value":[]}');
    });
    trap.on("connection", () => {
      trapConnections += 1;
    });
    trapOrigin = `https://127.0.0.1:${await listenOnLoopback(trap, 0)}`;
  });

  afterAll(async () => {
    trap.closeAllConnections();
    await new Promise((resolve) => trap.close(resolve));
    await bed.close();
  });

  function nextLinkArbitrary(): fc.Arbitrary<string> {
    const graphOrigin = bed.emulator.baseUrl;
    const graphAuthority = graphOrigin.slice("https://".length);
    const trapAuthority = trapOrigin.slice("https://".length);
    const queries = fc.oneof(fc.constant(""), fc.webQueryParameters().map((query) => `?${query}`), fc.constant("?$skiptoken=MQ"));
    const paths = fc.constantFrom(
      listPath,
      `${listPath}/`,
      `${listPath}/../../../me`,
      `${listPath}/%2e%2e/%2e%2e/servicePrincipals`,
      `${listPath}%2F..%2F..`,
      `${listPath}/00000000-0000-0000-0000-000000000000/reprocess`,
      listPath.toUpperCase(),
      `/beta${listPath.slice("/v1.0".length)}`,
      ...allListPaths.filter((path) => path !== listPath),
      `//${trapAuthority}${listPath}`,
      "/v1.0/me",
      "",
    );
    const origins = fc.constantFrom(
      graphOrigin,
      graphOrigin.toUpperCase(),
      trapOrigin,
      `http://${graphAuthority}`,
      `https://localhost:${new URL(graphOrigin).port}`,
      `https://${graphAuthority}@${trapAuthority}`,
      `https://${trapAuthority}\\@${graphAuthority}`,
      `https://${trapAuthority}#@${graphAuthority}`,
      `https://${trapAuthority}?@${graphAuthority}`,
      `https://user:pass@${graphAuthority}`,
      `https:${graphAuthority}`,
      `//${trapAuthority}`,
    );
    return fc.oneof(
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(graphOrigin, graphOrigin.toUpperCase()), queries).map(([origin, query]) => `${origin}${listPath}${query}`) },
      { weight: 6, arbitrary: fc.tuple(origins, paths, queries).map(([origin, path, query]) => `${origin}${path}${query}`) },
      { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
    );
  }

  it("sends requests only to its own Graph root's list path and never connects anywhere else", async () => {
    let runs = 0;
    let followed = 0;
    await fc.assert(
      fc.asyncProperty(nextLinkArbitrary(), async (nextLink) => {
        runs += 1;
        bed.emulator.clearRecords();
        const response = await follow(bed, nextLink);
        if (bed.emulator.requests.length > 0) followed += 1;
        for (const request of bed.emulator.requests) expect(request.path).toBe(listPath);
        if (!response.ok && bed.emulator.requests.length === 0) expect(response.error.code).toBe("invalidNextLink");
        expect(trapConnections).toBe(0);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    // The property is only worth something if well-formed links reached Graph too.
    expect(followed).toBeGreaterThan(numRuns / 20);
  });
});
