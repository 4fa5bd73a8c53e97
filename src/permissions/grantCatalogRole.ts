import type { GraphPermissionClient } from "../graph/graphPermissionClient";
import type { UnifiedRoleDefinition } from "../graph/unifiedRoleDefinition";
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
  const callOptions = options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal };
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

  const granted = await isGranted(client, target, callOptions);
  if (typeof granted !== "boolean") {
    return granted;
  }
  if (granted) {
    return { status: "alreadyGranted", target };
  }
  if (options.dryRun) {
    return { status: "wouldGrant", target };
  }

  const created = await client.assignEntitlementRole({ principalId: principal.id, roleDefinitionId: role.id, appScopeId: target.appScopeId }, callOptions);
  if (created.ok) {
    return { status: "granted", target, graph: created.ids };
  }
  // What Graph answers for a duplicate role assignment is undocumented: look again instead.
  if (created.error.status === 400 || created.error.status === 409) {
    const nowGranted = await isGranted(client, target, callOptions);
    if (nowGranted === true) {
      return { status: "alreadyGranted", target };
    }
  }
  return grantFailure("grant", `assign ${target.roleDisplayName} on ${target.appScopeId} to ${principal.id}`, created.error, entitlementAdminHint);
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
  callOptions: { abortSignal?: AbortSignal },
): Promise<boolean | Extract<GrantResult, { status: "failed" }>> {
  const assigned = await client.listEntitlementRoleAssignments(target.principal.id, callOptions);
  if (!assigned.ok) {
    return grantFailure("readGrants", `read the entitlement management roles of ${target.principal.id}`, assigned.error, entitlementAdminHint);
  }
  const roleId = target.roleDefinitionId.toLowerCase();
  const scope = target.appScopeId.toLowerCase();
  return assigned.value.some((a) => a.roleDefinitionId.toLowerCase() === roleId && a.appScopeId?.toLowerCase() === scope);
}
