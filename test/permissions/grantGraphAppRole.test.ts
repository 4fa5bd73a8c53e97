import { describe, expect, it } from "vitest";
import { grantGraphAppRole } from "../../src/permissions/grantGraphAppRole";
import { graphServicePrincipal } from "../support/graph/graphServicePrincipal";
import { usePermissionTestBed } from "../support/graph/usePermissionTestBed";

const readWriteRoleId = "9acd699f-1e81-4958-b001-93b1d2506e19";

describe("grantGraphAppRole", () => {
  const bed = usePermissionTestBed();

  it("grants EntitlementManagement.ReadWrite.All, with the role id looked up in the tenant, when it is missing", async () => {
    const result = await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: false, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "granted", target: { kind: "appRole", resourceId: graphServicePrincipal.id, appRoleId: readWriteRoleId } });
    expect(bed.emulator.appRoleAssignments()).toEqual([
      expect.objectContaining({ principalId: bed.emulator.managedIdentityPrincipalId, resourceId: graphServicePrincipal.id, appRoleId: readWriteRoleId }),
    ]);
  });

  it("reports an existing grant as already granted and posts nothing", async () => {
    await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: false, abortSignal: bed.abortSignal });
    bed.emulator.clearRecords();

    const result = await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: false, abortSignal: bed.abortSignal });

    expect(result.status).toBe("alreadyGranted");
    expect(bed.posts()).toBe(0);
    expect(bed.emulator.appRoleAssignments()).toHaveLength(1);
  });

  it("finds the principal from the managed identity's client id", async () => {
    const result = await grantGraphAppRole(bed.client, { principal: { clientId: bed.emulator.managedIdentityClientId }, dryRun: false, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "granted", target: { principal: { id: bed.emulator.managedIdentityPrincipalId } } });
  });

  it("says what it would grant on a dry run and changes nothing", async () => {
    const result = await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: true, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "wouldGrant", target: { appRoleId: readWriteRoleId } });
    expect(bed.posts()).toBe(0);
  });

  it("names --client-id when the object id given is no service principal", async () => {
    const result = await grantGraphAppRole(bed.client, { principal: { objectId: "00000000-0000-4000-8000-00000000dead" }, dryRun: false, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "failed", step: "findPrincipal" });
    expect(result.status === "failed" && result.message).toContain("--client-id");
  });

  it("says which administrator role is needed when Graph refuses the grant", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });

    const result = await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: false, abortSignal: bed.abortSignal });

    expect(result).toMatchObject({ status: "failed", step: "grant" });
    expect(result.status === "failed" && result.message).toContain("Privileged Role Administrator");
  });

  it("treats a grant that appeared after it looked as already granted", async () => {
    await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: false, abortSignal: bed.abortSignal });
    // Another run granted it between our look and our POST: the first look sees nothing.
    const empty = JSON.stringify({ value: [] });
    bed.emulator.injectFault({ match: { method: "GET", pathIncludes: "appRoleAssignedTo" }, fault: { kind: "status", status: 200, body: empty, contentType: "application/json" } });

    const result = await grantGraphAppRole(bed.client, { principal: { objectId: bed.emulator.managedIdentityPrincipalId }, dryRun: false, abortSignal: bed.abortSignal });

    expect(result.status).toBe("alreadyGranted");
    expect(bed.emulator.appRoleAssignments()).toHaveLength(1);
  });
});
