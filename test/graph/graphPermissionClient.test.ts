import { describe, expect, it } from "vitest";
import { microsoftGraphAppId } from "../../src/graph/servicePrincipal";
import { graphServicePrincipal } from "../support/graph/graphServicePrincipal";
import { usePermissionTestBed } from "../support/graph/usePermissionTestBed";

const readWriteRoleId = "9acd699f-1e81-4958-b001-93b1d2506e19";
const userReadAllRoleId = "df021288-bdef-4463-88db-98f22de89214";
const assignmentManagerId = "e2182095-804a-4656-ae11-64734e9b7ae5";
const catalogScope = "/AccessPackageCatalog/beedadfe-01d5-4025-910b-84abb9369997";

describe("GraphPermissionClient", () => {
  // One item a page, so every list call follows nextLinks.
  const bed = usePermissionTestBed({ pageSize: 1 });

  it("finds Microsoft Graph's service principal by appId, with its app roles", async () => {
    const response = await bed.client.findServicePrincipalsByAppId(microsoftGraphAppId);

    expect(response.ok && response.value.map((principal) => principal.id)).toEqual([graphServicePrincipal.id]);
    expect(response.ok && response.value[0]?.appRoles).toContainEqual({
      id: readWriteRoleId,
      value: "EntitlementManagement.ReadWrite.All",
      isEnabled: true,
      allowedMemberTypes: ["Application"],
    });
  });

  it("answers an unknown service principal with a 404 GraphError value", async () => {
    const response = await bed.client.getServicePrincipal("00000000-0000-4000-8000-00000000dead");

    expect(response.ok ? undefined : response.error.status).toBe(404);
  });

  it("posts an app role grant as JSON and reads it back", async () => {
    const principalId = bed.emulator.managedIdentityPrincipalId;

    const created = await bed.client.assignAppRole({ principalId, resourceId: graphServicePrincipal.id, appRoleId: readWriteRoleId });

    expect(created.ok && created.status).toBe(201);
    expect(bed.emulator.appRoleAssignments()).toEqual([expect.objectContaining({ principalId, appRoleId: readWriteRoleId })]);
  });

  it("follows nextLink through every page of appRoleAssignedTo", async () => {
    const principalId = bed.emulator.managedIdentityPrincipalId;
    await bed.client.assignAppRole({ principalId, resourceId: graphServicePrincipal.id, appRoleId: userReadAllRoleId });
    await bed.client.assignAppRole({ principalId, resourceId: graphServicePrincipal.id, appRoleId: readWriteRoleId });
    bed.emulator.clearRecords();

    const response = await bed.client.listAppRoleAssignedTo(graphServicePrincipal.id);

    expect(response.ok && response.value.map((assignment) => assignment.appRoleId)).toEqual([userReadAllRoleId, readWriteRoleId]);
    expect(bed.emulator.requests).toHaveLength(2);
  });

  it("refuses to follow a nextLink that leaves the Graph root, so the token stays home", async () => {
    const body = JSON.stringify({ value: [], "@odata.nextLink": "https://attacker.example/v1.0/servicePrincipals" });
    bed.emulator.injectFault({ match: { pathIncludes: "appRoleAssignedTo" }, fault: { kind: "status", status: 200, body, contentType: "application/json" } });

    const response = await bed.client.listAppRoleAssignedTo(graphServicePrincipal.id);

    expect(response.ok ? undefined : response.error.code).toBe("invalidNextLink");
    expect(bed.emulator.requests).toHaveLength(1);
  });

  it("creates a catalog-scoped entitlement role assignment and lists it for the principal", async () => {
    const principalId = bed.emulator.managedIdentityPrincipalId;

    const created = await bed.client.assignEntitlementRole({ principalId, roleDefinitionId: assignmentManagerId, appScopeId: catalogScope });
    const listed = await bed.client.listEntitlementRoleAssignments(principalId);

    expect(created.ok && created.status).toBe(201);
    expect(listed.ok && listed.value).toEqual([expect.objectContaining({ principalId, roleDefinitionId: assignmentManagerId, appScopeId: catalogScope })]);
  });

  it("lists the entitlement management role definitions with their template ids", async () => {
    const response = await bed.client.listEntitlementRoleDefinitions();

    expect(response.ok && response.value).toContainEqual({ id: assignmentManagerId, displayName: "AccessPackage assignment manager", templateId: assignmentManagerId });
  });

  it("refuses an id that is not a GUID before anything reaches a URL", async () => {
    await expect(bed.client.getServicePrincipal("../me")).rejects.toThrow(TypeError);
    expect(bed.emulator.requests).toHaveLength(0);
  });
});
