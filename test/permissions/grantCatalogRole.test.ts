import { describe, expect, it } from "vitest";
import { findAssignmentManagerRole, grantCatalogRole } from "../../src/permissions/grantCatalogRole";
import { usePermissionTestBed } from "../support/graph/usePermissionTestBed";

const assignmentManagerId = "e2182095-804a-4656-ae11-64734e9b7ae5";
const catalogId = "beedadfe-01d5-4025-910b-84abb9369997";

describe("grantCatalogRole", () => {
  const bed = usePermissionTestBed();

  it("assigns the Access package assignment manager role scoped to the catalog", async () => {
    const result = await grantCatalogRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, catalogId, dryRun: false, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "granted", target: { kind: "catalogRole", roleDefinitionId: assignmentManagerId } });
    expect(bed.emulator.entitlementRoleAssignments()).toEqual([
      expect.objectContaining({ principalId: bed.emulator.managedIdentityPrincipalId, roleDefinitionId: assignmentManagerId, appScopeId: `/AccessPackageCatalog/${catalogId}` }),
    ]);
  });

  it("reports an existing catalog role as already granted and posts nothing", async () => {
    await grantCatalogRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, catalogId, dryRun: false, abortSignal: bed.abortSignal });
    bed.emulator.clearRecords();

    const result = await grantCatalogRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, catalogId, dryRun: false, abortSignal: bed.abortSignal });

    expect(result.status).toBe("alreadyGranted");
    expect(bed.posts()).toBe(0);
  });

  it("grants the role again for a different catalog", async () => {
    await grantCatalogRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, catalogId, dryRun: false, abortSignal: bed.abortSignal });

    const result = await grantCatalogRole(bed.client, {
      principal: { objectId: bed.emulator.managedIdentityPrincipalId },
      catalogId: "0c0ffee0-0000-4000-8000-000000000001",
      dryRun: false,
      abortSignal: bed.abortSignal,
    });

    expect(result.status).toBe("granted");
    expect(bed.emulator.entitlementRoleAssignments()).toHaveLength(2);
  });

  it("says what it would assign on a dry run and changes nothing", async () => {
    const result = await grantCatalogRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, catalogId, dryRun: true, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "wouldGrant", target: { appScopeId: `/AccessPackageCatalog/${catalogId}` } });
    expect(bed.posts()).toBe(0);
  });
});

describe("findAssignmentManagerRole", () => {
  it("picks the role by its built-in template id, whatever it is called", () => {
    const role = findAssignmentManagerRole([
      { id: "ae79f266-94d4-4dab-b730-feca7e132178", displayName: "Catalog owner", templateId: "ae79f266-94d4-4dab-b730-feca7e132178" },
      { id: "11111111-1111-4111-8111-111111111111", displayName: "Renamed", templateId: assignmentManagerId },
    ]);

    expect(role?.id).toBe("11111111-1111-4111-8111-111111111111");
  });

  it("falls back to the name, ignoring case and spacing, when no template id matches", () => {
    const role = findAssignmentManagerRole([{ id: "22222222-2222-4222-8222-222222222222", displayName: "Access Package Assignment Manager", templateId: undefined }]);

    expect(role?.id).toBe("22222222-2222-4222-8222-222222222222");
  });

  it("never mistakes Catalog owner for it", () => {
    const role = findAssignmentManagerRole([{ id: "ae79f266-94d4-4dab-b730-feca7e132178", displayName: "Catalog owner", templateId: "ae79f266-94d4-4dab-b730-feca7e132178" }]);

    expect(role).toBeUndefined();
  });
});
