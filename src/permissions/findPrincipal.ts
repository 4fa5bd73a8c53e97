import type { GraphPermissionClient, PermissionCallOptions } from "../graph/graphPermissionClient";
import { grantFailure } from "./grantFailure";
import type { GrantPrincipal, GrantResult } from "./grantResult";
import type { PrincipalReference } from "./principalReference";

const readDirectoryHint = "the signed-in account needs to read service principals (Directory Readers or Application.Read.All).";

/**
 * The managed identity's service principal, looked up either way, so a grant never goes to an id
 * that is not there (the usual slip: a client id passed where the object id belongs).
 */
export async function findPrincipal(
  client: GraphPermissionClient,
  reference: PrincipalReference,
  options: PermissionCallOptions,
): Promise<GrantPrincipal | Extract<GrantResult, { status: "failed" }>> {
  if ("objectId" in reference) {
    const response = await client.getServicePrincipal(reference.objectId, options);
    if (response.ok) {
      return { id: response.value.id, appId: response.value.appId, displayName: response.value.displayName };
    }
    if (response.error.status === 404) {
      return {
        status: "failed",
        step: "findPrincipal",
        message: `No service principal has object id ${reference.objectId} in this tenant. --principal-id takes the managed identity's principal (object) id; to give its client id, use --client-id.`,
        graph: response.error.ids,
      };
    }
    return grantFailure("findPrincipal", `read service principal ${reference.objectId}`, response.error, readDirectoryHint);
  }
  const response = await client.findServicePrincipalsByAppId(reference.clientId, options);
  if (!response.ok) {
    return grantFailure("findPrincipal", `look up the service principal of client id ${reference.clientId}`, response.error, readDirectoryHint);
  }
  const [principal, ...others] = response.value;
  if (principal === undefined || others.length > 0) {
    return {
      status: "failed",
      step: "findPrincipal",
      message:
        principal === undefined
          ? `No service principal has client (app) id ${reference.clientId} in this tenant: check --client-id and --cloud.`
          : `${response.value.length} service principals have client id ${reference.clientId}; pass --principal-id instead.`,
      graph: response.ids,
    };
  }
  return { id: principal.id, appId: principal.appId, displayName: principal.displayName };
}
