import { randomUUID } from "node:crypto";
import type { Pipeline } from "@azure/core-rest-pipeline";
import { ManagedIdentityCredential } from "@azure/identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deterministicGuid } from "./deterministicGuid";
import type { EmulatedCatalog } from "./emulatedCatalog";
import { GraphEmulator } from "./graphEmulator";
import { bodyOf, errorOf, rawGraphPipeline, sendRaw, valueOf } from "./rawGraphCalls";

const packagesInCatalog = (scope: number, count: number): EmulatedCatalog => ({
  id: deterministicGuid("catalog", scope, 0),
  displayName: `Catalog ${scope}`,
  accessPackages: Array.from({ length: count }, (_, index) => ({ id: deterministicGuid("accessPackage", scope, index), displayName: `Package ${scope}.${index}` })),
});
const sales = packagesInCatalog(1, 5);
const finance = packagesInCatalog(2, 1);

describe("GraphEmulator access packages", () => {
  let emulator: GraphEmulator;
  let graph: Pipeline;
  const url = (query: string): string => `${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/accessPackages${query}`;
  const inCatalog = (catalogId: string, rest = ""): string => url(`?$filter=${encodeURIComponent(`catalog/id eq '${catalogId}'`)}${rest}`);

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ catalogs: [sales, finance], pageSize: 2 });
    process.env.IDENTITY_ENDPOINT = emulator.identityEndpoint;
    process.env.IDENTITY_HEADER = emulator.identityHeader;
    graph = rawGraphPipeline(new ManagedIdentityCredential({ clientId: randomUUID() }), emulator.graphScope);
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.clearRecords();
  });

  afterEach(() => {
    emulator.clearFaults();
  });

  it("lists only the access packages of the filtered catalog, with the $select-ed properties", async () => {
    const response = await sendRaw(graph, "GET", inCatalog(finance.id, "&$select=id,displayName"));

    expect(response.status).toBe(200);
    expect(valueOf(response)).toEqual([{ id: finance.accessPackages[0]?.id, displayName: finance.accessPackages[0]?.displayName }]);
  });

  it("pages a catalog's access packages through absolute @odata.nextLink URLs on the accessPackages path", async () => {
    const ids: unknown[] = [];
    let next: string | undefined = inCatalog(sales.id, "&$select=id");
    while (next !== undefined) {
      const response = await sendRaw(graph, "GET", next);
      ids.push(...valueOf(response).map((accessPackage) => accessPackage.id));
      next = bodyOf(response)["@odata.nextLink"] as string | undefined;
      if (next !== undefined) expect(next.startsWith(url("?"))).toBe(true);
    }

    expect(ids).toEqual(sales.accessPackages.map((accessPackage) => accessPackage.id));
  });

  it("honours $top as the page size", async () => {
    const response = await sendRaw(graph, "GET", inCatalog(sales.id, "&$top=4"));

    expect(valueOf(response)).toHaveLength(4);
    expect(bodyOf(response)["@odata.nextLink"]).toContain("$top=4");
  });

  it("matches the catalog id in any case", async () => {
    const response = await sendRaw(graph, "GET", inCatalog(finance.id.toUpperCase()));

    expect(valueOf(response)).toHaveLength(1);
  });

  it("answers a catalog that has no access packages with an empty list", async () => {
    const response = await sendRaw(graph, "GET", inCatalog(deterministicGuid("catalog", 9, 0)));

    expect(response.status).toBe(200);
    expect(valueOf(response)).toEqual([]);
  });

  it("refuses a catalog id that is not a GUID with 400", async () => {
    const response = await sendRaw(graph, "GET", inCatalog("sales"));

    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe("BadRequest");
  });

  it("refuses a filter on anything but catalog/id with 400", async () => {
    const response = await sendRaw(graph, "GET", url(`?$filter=${encodeURIComponent("displayName eq 'Package 1.0'")}`));

    expect(response.status).toBe(400);
  });

  it("refuses a $select of a property an access package does not have with 400", async () => {
    const response = await sendRaw(graph, "GET", inCatalog(sales.id, "&$select=id,state"));

    expect(response.status).toBe(400);
  });

  it("applies a fault aimed at listAccessPackages to the list", async () => {
    emulator.injectFault({ match: { operation: "listAccessPackages" }, fault: { kind: "status", status: 503 } });

    const statuses = [(await sendRaw(graph, "GET", inCatalog(sales.id))).status, (await sendRaw(graph, "GET", inCatalog(sales.id))).status];

    expect(statuses).toEqual([503, 200]);
  });
});
