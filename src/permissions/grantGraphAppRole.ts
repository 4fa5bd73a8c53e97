import { requiredGraphPermission } from "../core/reprocessOutcome";
import type { GraphPermissionClient } from "../graph/graphPermissionClient";
import { microsoftGraphAppId, type AppRole } from "../graph/servicePrincipal";
import { ensureGranted } from "./ensureGranted";
import { findPrincipal } from "./findPrincipal";
import { grantFailure } from "./grantFailure";
import type { GrantOptions } from "./grantOptions";
import type { GrantResult, GrantTarget } from "./grantResult";

const readDirectoryHint = "the signed-in account needs to read service principals (Directory Readers or Application.Read.All).";
const grantHint =
  "granting a Microsoft Graph application permission takes an administrator such as Privileged Role Administrator or Global Administrator (delegated AppRoleAssignment.ReadWrite.All).";

/**
 * Grants the app's managed identity Graph's EntitlementManagement.ReadWrite.All application
 * permission, idempotently: the role id is looked up by value in this tenant's Graph service
 * principal, existing grants are checked first, and a repeated run changes nothing.
 */
export async function grantGraphAppRole(client: GraphPermissionClient, options: GrantOptions): Promise<GrantResult> {
  const callOptions = { abortSignal: options.abortSignal };
  const principal = await findPrincipal(client, options.principal, callOptions);
  if ("status" in principal) {
    return principal;
  }

  const graphPrincipals = await client.findServicePrincipalsByAppId(microsoftGraphAppId, callOptions);
  if (!graphPrincipals.ok) {
    return grantFailure("findGraph", "find Microsoft Graph's service principal", graphPrincipals.error, readDirectoryHint);
  }
  const graph = graphPrincipals.value[0];
  if (graph === undefined) {
    return { status: "failed", step: "findGraph", message: `This tenant has no service principal for Microsoft Graph (appId ${microsoftGraphAppId}).`, graph: graphPrincipals.ids };
  }
  const role = graph.appRoles.find(isGrantableApplicationRole);
  if (role === undefined) {
    return { status: "failed", step: "findRole", message: `Microsoft Graph's service principal offers no enabled application role ${requiredGraphPermission}.`, graph: graphPrincipals.ids };
  }
  const target: GrantTarget = { kind: "appRole", principal, resourceId: graph.id, appRoleId: role.id, appRoleValue: requiredGraphPermission };

  return ensureGranted({
    target,
    find: (abortSignal) => isGranted(client, target, abortSignal),
    create: (abortSignal) => client.assignAppRole({ principalId: principal.id, resourceId: graph.id, appRoleId: role.id }, { abortSignal }),
    what: `grant ${requiredGraphPermission} to ${principal.id}`,
    forbiddenHint: grantHint,
    dryRun: options.dryRun,
    abortSignal: options.abortSignal,
  });
}

function isGrantableApplicationRole(role: AppRole): boolean {
  return role.value === requiredGraphPermission && role.isEnabled && role.allowedMemberTypes.includes("Application");
}

async function isGranted(
  client: GraphPermissionClient,
  target: Extract<GrantTarget, { kind: "appRole" }>,
  abortSignal: AbortSignal,
): Promise<boolean | Extract<GrantResult, { status: "failed" }>> {
  const assigned = await client.listAppRoleAssignedTo(target.resourceId, { abortSignal });
  if (!assigned.ok) {
    return grantFailure("readGrants", "read the existing grants of Microsoft Graph's service principal", assigned.error, readDirectoryHint);
  }
  const principalId = target.principal.id.toLowerCase();
  const appRoleId = target.appRoleId.toLowerCase();
  return assigned.value.some((a) => a.principalId.toLowerCase() === principalId && a.appRoleId.toLowerCase() === appRoleId);
}
