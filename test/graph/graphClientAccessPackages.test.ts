import { describe, expect, it } from "vitest";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import type { EmulatedCatalog } from "../support/graph/emulatedCatalog";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const accessPackagesPath = "/v1.0/identityGovernance/entitlementManagement/accessPackages";
const catalog: EmulatedCatalog = {
  id: deterministicGuid("catalog", 1, 0),
  displayName: "Sales",
  accessPackages: [0, 1, 2].map((index) => ({ id: deterministicGuid("accessPackage", 1, index), displayName: `Sales ${index}` })),
};
const otherCatalog: EmulatedCatalog = {
  id: deterministicGuid("catalog", 2, 0),
  displayName: "Finance",
  accessPackages: [{ id: deterministicGuid("accessPackage", 2, 0), displayName: "Finance 0" }],
};

describe("GraphClient.listCatalogAccessPackages", () => {
  const bed = useGraphTestBed({ emulator: { catalogs: [catalog, otherCatalog] } });

  it("lists the catalog's access packages with their ids and display names", async () => {
    const response = await bed.client.listCatalogAccessPackages({ catalogId: catalog.id });

    expect(response.ok && response.value).toEqual({ accessPackages: catalog.accessPackages });
  });

  it("filters on catalog/id and selects id and displayName", async () => {
    await bed.client.listCatalogAccessPackages({ catalogId: catalog.id.toUpperCase() });

    const query = new URL(bed.emulator.requests.at(-1)?.url ?? "", bed.emulator.baseUrl).searchParams;
    expect([query.get("$filter"), query.get("$select")]).toEqual([`catalog/id eq '${catalog.id}'`, "id,displayName"]);
  });

  it("follows @odata.nextLink page by page", async () => {
    const ids: string[] = [];
    let page = await bed.client.listCatalogAccessPackages({ catalogId: catalog.id, top: 2 });
    for (;;) {
      if (!page.ok) throw page.error;
      ids.push(...page.value.accessPackages.map((accessPackage) => accessPackage.id));
      if (page.value.nextLink === undefined) break;
      page = await bed.client.listCatalogAccessPackages({ catalogId: catalog.id, nextLink: page.value.nextLink });
    }

    expect(ids).toEqual(catalog.accessPackages.map((accessPackage) => accessPackage.id));
    expect(bed.emulator.requests).toHaveLength(2);
  });

  it("refuses to follow a nextLink to another host, without sending anything", async () => {
    const response = await bed.client.listCatalogAccessPackages({ catalogId: catalog.id, nextLink: `https://evil.example${accessPackagesPath}?$skiptoken=x` });

    expect(!response.ok && response.error.code).toBe("invalidNextLink");
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("refuses to follow a nextLink to another path on the same Graph, without sending anything", async () => {
    const response = await bed.client.listCatalogAccessPackages({ catalogId: catalog.id, nextLink: `${bed.emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignmentRequests` });

    expect(!response.ok && response.error.code).toBe("invalidNextLink");
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("refuses a catalog id that is not a canonical GUID without sending anything", async () => {
    await expect(bed.client.listCatalogAccessPackages({ catalogId: "x' or displayName eq 'y" })).rejects.toThrow(TypeError);
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("hands back a 429 whose Retry-After overruns the inline budget as a GraphError value", async () => {
    bed.emulator.injectFault({ match: { operation: "listAccessPackages" }, fault: { kind: "throttle", retryAfterSeconds: 30 } });

    const response = await bed.client.listCatalogAccessPackages({ catalogId: catalog.id });

    expect(!response.ok && { status: response.error.status, retryAfterMs: response.error.retryAfterMs }).toEqual({ status: 429, retryAfterMs: 30_000 });
  });

  it("reports the call as listAccessPackages", async () => {
    await bed.client.listCatalogAccessPackages({ catalogId: otherCatalog.id });

    expect(bed.calls.at(-1)).toMatchObject({ operation: "listAccessPackages", method: "GET", status: 200, succeeded: true });
  });
});
