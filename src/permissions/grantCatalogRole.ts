import type { GraphPermissionClient } from "../graph/graphPermissionClient";
import type { UnifiedRoleDefinition } from "../graph/unifiedRoleDefinition";
import { ensureGranted } from "./ensureGranted";
import { findPrincipal } from "./findPrincipal";
import { grantFailure } from "./grantFailure";
import type { GrantOptions } from "./grantOptions";
import type { GrantResult, GrantTarget } from "./grantResult";

/**
 * Template id of the built-in "Access package assignment manager" role, the same in every tenant
 * (Microsoft Entra docs, "Delegation and roles in entitlement management"). Graph names it
 * "AccessPackage assignment manager", so a lookup by the documented name would miss it.
 */
export const accessPackageAssignmentManagerTemplateId = "e2182095-804a-4656-ae11-64734e9b7ae5";

export interface GrantCatalogRoleOptions extends GrantOptions {
  readonly catalogId: string;
}

const entitlementAdminHint = "assigning catalog roles takes an Identity Governance Administrator (or Global Administrator), or an owner of the catalog.";

/**
 * The least-privilege alternative to the tenant-wide app permission: the catalog-scoped Access
 * package assignment manager role for the managed identity, looked up at run time, checked first,
 * granted only when missing.
 */
export async function grantCatalogRole(client: GraphPermissionClient, options: GrantCatalogRoleOptions): Promise<GrantResult> {
  const callOptions = { abortSignal: options.abortSignal };
  const principal = await findPrincipal(client, options.principal, callOptions);
  if ("status" in principal) {
    return principal;
  }

  const definitions = await client.listEntitlementRoleDefinitions(callOptions);
  if (!definitions.ok) {
    return grantFailure("findRole", "list the entitlement management roles", definitions.error, entitlementAdminHint);
  }
  const role = findAssignmentManagerRole(definitions.value);
  if (role === undefined) {
    return { status: "failed", step: "findRole", message: "Entitlement management offers no Access package assignment manager role in this tenant.", graph: definitions.ids };
  }
  const target: GrantTarget = {
    kind: "catalogRole",
    principal,
    roleDefinitionId: role.id,
    roleDisplayName: role.displayName ?? "Access package assignment manager",
    appScopeId: `/AccessPackageCatalog/${options.catalogId.toLowerCase()}`,
  };

  return ensureGranted({
    target,
    find: (abortSignal) => isGranted(client, target, abortSignal),
    create: (abortSignal) => client.assignEntitlementRole({ principalId: principal.id, roleDefinitionId: role.id, appScopeId: target.appScopeId }, { abortSignal }),
    what: `assign ${target.roleDisplayName} on ${target.appScopeId} to ${principal.id}`,
    forbiddenHint: entitlementAdminHint,
    dryRun: options.dryRun,
    abortSignal: options.abortSignal,
  });
}

/** By template id first (stable), then by name with spacing and case ignored. */
export function findAssignmentManagerRole(definitions: readonly UnifiedRoleDefinition[]): UnifiedRoleDefinition | undefined {
  const byTemplate = definitions.find(
    (d) => d.templateId?.toLowerCase() === accessPackageAssignmentManagerTemplateId || d.id.toLowerCase() === accessPackageAssignmentManagerTemplateId,
  );
  return byTemplate ?? definitions.find((d) => (d.displayName ?? "").toLowerCase().replace(/[^a-z]/g, "") === "accesspackageassignmentmanager");
}

async function isGranted(
  client: GraphPermissionClient,
  target: Extract<GrantTarget, { kind: "catalogRole" }>,
  abortSignal: AbortSignal,
): Promise<boolean | Extract<GrantResult, { status: "failed" }>> {
  const assigned = await client.listEntitlementRoleAssignments(target.principal.id, { abortSignal });
  if (!assigned.ok) {
    return grantFailure("readGrants", `read the entitlement management roles of ${target.principal.id}`, assigned.error, entitlementAdminHint);
  }
  const roleId = target.roleDefinitionId.toLowerCase();
  const scope = target.appScopeId.toLowerCase();
  return assigned.value.some((a) => a.roleDefinitionId.toLowerCase() === roleId && a.appScopeId?.toLowerCase() === scope);
}
