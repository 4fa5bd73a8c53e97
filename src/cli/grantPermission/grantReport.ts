import type { GrantResult, GrantTarget } from "../../permissions/grantResult";

export interface GrantReportOptions {
  readonly cloud: string;
  readonly baseUrl: string;
}

/** The grant's outcome for a person: what was found, what was (or would be) granted, and the ids. */
export function formatGrantReport(result: Exclude<GrantResult, { status: "failed" }>, options: GrantReportOptions): string {
  const { target } = result;
  const principal = target.principal;
  const lines = [
    `Cloud      ${options.cloud} (Graph at ${options.baseUrl})`,
    `Principal  ${principal.id}${principal.displayName === undefined ? "" : ` ${principal.displayName}`} (client id ${principal.appId})`,
    `Grant      ${describeTarget(target)}`,
  ];
  switch (result.status) {
    case "granted":
      lines.push(`Result     granted (request-id ${result.graph.requestId ?? "-"}, client-request-id ${result.graph.clientRequestId})`);
      break;
    case "alreadyGranted":
      lines.push("Result     already granted: nothing changed");
      break;
    case "wouldGrant":
      lines.push(`Result     dry run, nothing changed; would ${describeCall(target, options.baseUrl)}`);
      break;
  }
  return `${lines.join("\n")}\n`;
}

/** The same facts as one JSON object, for infrastructure scripts. */
export function grantReportJson(result: GrantResult): Record<string, unknown> {
  if (result.status === "failed") {
    return { status: result.status, step: result.step, message: result.message, graphRequestId: result.graph?.requestId, clientRequestId: result.graph?.clientRequestId };
  }
  const { target } = result;
  const common = { status: result.status, kind: target.kind, principalId: target.principal.id, principalAppId: target.principal.appId };
  const ids = result.status === "granted" ? { graphRequestId: result.graph.requestId, clientRequestId: result.graph.clientRequestId } : {};
  return target.kind === "appRole"
    ? { ...common, resourceId: target.resourceId, appRoleId: target.appRoleId, appRole: target.appRoleValue, ...ids }
    : { ...common, roleDefinitionId: target.roleDefinitionId, role: target.roleDisplayName, appScopeId: target.appScopeId, ...ids };
}

function describeTarget(target: GrantTarget): string {
  return target.kind === "appRole"
    ? `application permission ${target.appRoleValue} (app role ${target.appRoleId}) on Microsoft Graph (service principal ${target.resourceId})`
    : `entitlement management role ${target.roleDisplayName} (${target.roleDefinitionId}) scoped to ${target.appScopeId}`;
}

function describeCall(target: GrantTarget, baseUrl: string): string {
  if (target.kind === "appRole") {
    const body = { principalId: target.principal.id, resourceId: target.resourceId, appRoleId: target.appRoleId };
    return `POST ${baseUrl}/v1.0/servicePrincipals/${target.resourceId}/appRoleAssignedTo ${JSON.stringify(body)}`;
  }
  const body = { principalId: target.principal.id, roleDefinitionId: target.roleDefinitionId, appScopeId: target.appScopeId };
  return `POST ${baseUrl}/v1.0/roleManagement/entitlementManagement/roleAssignments ${JSON.stringify(body)}`;
}
