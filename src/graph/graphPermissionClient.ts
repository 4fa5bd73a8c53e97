import { randomUUID } from "node:crypto";
import { isCanonicalGuid } from "../shared/guid";
import { parseAppRoleAssignment, type AppRoleAssignment } from "./appRoleAssignment";
import { parseCollectionPage, type GraphCollectionPage } from "./graphCollectionPage";
import { GraphError } from "./graphError";
import { GraphRequestSender, type GraphRequestSenderOptions } from "./graphRequestSender";
import { parseGraphResponse, type GraphResponse } from "./graphResponse";
import { parseServicePrincipal, type ServicePrincipal } from "./servicePrincipal";
import { parseUnifiedRoleAssignment, type UnifiedRoleAssignment } from "./unifiedRoleAssignment";
import { parseUnifiedRoleDefinition, type UnifiedRoleDefinition } from "./unifiedRoleDefinition";

export interface GraphPermissionClientOptions extends GraphRequestSenderOptions {
  /** Graph root, e.g. https://graph.microsoft.us; the client always calls v1.0 under it. */
  readonly baseUrl: string;
}

export interface PermissionCallOptions {
  readonly abortSignal?: AbortSignal;
}

export interface AppRoleAssignmentRequest {
  readonly principalId: string;
  readonly resourceId: string;
  readonly appRoleId: string;
}

export interface EntitlementRoleAssignmentRequest {
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly appScopeId: string;
}

const servicePrincipalSelect = "id,appId,displayName,appRoles";
const entitlementRolesPath = "/v1.0/roleManagement/entitlementManagement";
/** A runaway nextLink chain must end; no real list this client reads comes near it. */
const maxPages = 1_000;

/**
 * The directory calls behind granting the app its Graph permission: service principals, app role
 * assignments and entitlement management role assignments, on Graph v1.0 over the same pipeline
 * as the reprocess client.
 */
export class GraphPermissionClient {
  readonly #baseUrl: string;
  readonly #sender: GraphRequestSender;

  constructor(options: GraphPermissionClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#sender = new GraphRequestSender(options);
  }

  async findServicePrincipalsByAppId(appId: string, options: PermissionCallOptions = {}): Promise<GraphResponse<readonly ServicePrincipal[]>> {
    const filter = encodeURIComponent(`appId eq '${guidSegment(appId)}'`);
    return this.#listAll(`${this.#baseUrl}/v1.0/servicePrincipals?$filter=${filter}&$select=${servicePrincipalSelect}`, parseServicePrincipal, options);
  }

  async getServicePrincipal(id: string, options: PermissionCallOptions = {}): Promise<GraphResponse<ServicePrincipal>> {
    const response = await this.#sender.send("GET", `${this.#baseUrl}/v1.0/servicePrincipals/${guidSegment(id)}?$select=${servicePrincipalSelect}`, options);
    return parseGraphResponse(response, parseServicePrincipal);
  }

  /** Every app role granted on `resourceId` (for Microsoft Graph: every application permission in the tenant), all pages. */
  async listAppRoleAssignedTo(resourceId: string, options: PermissionCallOptions = {}): Promise<GraphResponse<readonly AppRoleAssignment[]>> {
    return this.#listAll(`${this.#baseUrl}/v1.0/servicePrincipals/${guidSegment(resourceId)}/appRoleAssignedTo`, parseAppRoleAssignment, options);
  }

  async assignAppRole(request: AppRoleAssignmentRequest, options: PermissionCallOptions = {}): Promise<GraphResponse<AppRoleAssignment>> {
    const body = { principalId: guidSegment(request.principalId), resourceId: guidSegment(request.resourceId), appRoleId: guidSegment(request.appRoleId) };
    const response = await this.#sender.send("POST", `${this.#baseUrl}/v1.0/servicePrincipals/${body.resourceId}/appRoleAssignedTo`, { ...options, body });
    return parseGraphResponse(response, parseAppRoleAssignment);
  }

  async listEntitlementRoleDefinitions(options: PermissionCallOptions = {}): Promise<GraphResponse<readonly UnifiedRoleDefinition[]>> {
    return this.#listAll(`${this.#baseUrl}${entitlementRolesPath}/roleDefinitions`, parseUnifiedRoleDefinition, options);
  }

  /** Graph lists role assignments only when filtered by principal or role definition; this filters by principal. */
  async listEntitlementRoleAssignments(principalId: string, options: PermissionCallOptions = {}): Promise<GraphResponse<readonly UnifiedRoleAssignment[]>> {
    const filter = encodeURIComponent(`principalId eq '${guidSegment(principalId)}'`);
    return this.#listAll(`${this.#baseUrl}${entitlementRolesPath}/roleAssignments?$filter=${filter}`, parseUnifiedRoleAssignment, options);
  }

  async assignEntitlementRole(request: EntitlementRoleAssignmentRequest, options: PermissionCallOptions = {}): Promise<GraphResponse<UnifiedRoleAssignment>> {
    const body = { principalId: guidSegment(request.principalId), roleDefinitionId: guidSegment(request.roleDefinitionId), appScopeId: request.appScopeId };
    const response = await this.#sender.send("POST", `${this.#baseUrl}${entitlementRolesPath}/roleAssignments`, { ...options, body });
    return parseGraphResponse(response, parseUnifiedRoleAssignment);
  }

  async #listAll<T>(firstUrl: string, parseItem: (value: unknown) => T | undefined, options: PermissionCallOptions): Promise<GraphResponse<readonly T[]>> {
    const items: T[] = [];
    let url: string | undefined = firstUrl;
    let retries = 0;
    for (let page = 1; ; page++) {
      const response: GraphResponse<GraphCollectionPage<T>> = parseGraphResponse(await this.#sender.send("GET", url, options), (value) => parseCollectionPage(value, parseItem));
      if (!response.ok) {
        return response;
      }
      items.push(...response.value.items);
      retries += response.retries;
      url = response.value.nextLink;
      if (url === undefined) {
        return { ok: true, status: response.status, value: items, ids: response.ids, retries };
      }
      const refusal = this.#refusedNextLink(url, page);
      if (refusal !== undefined) {
        return { ok: false, error: refusal };
      }
    }
  }

  /** The bearer token goes wherever a nextLink points: follow it only back to our own Graph root. */
  #refusedNextLink(nextLink: string, page: number): GraphError | undefined {
    let origin: string | undefined;
    try {
      origin = new URL(nextLink).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== new URL(this.#baseUrl).origin) {
      return new GraphError(`Refusing to follow nextLink outside ${this.#baseUrl}.`, { code: "invalidNextLink", clientRequestId: randomUUID(), retries: 0 });
    }
    if (page >= maxPages) {
      return new GraphError(`Gave up after ${maxPages} pages.`, { code: "tooManyPages", clientRequestId: randomUUID(), retries: 0 });
    }
    return undefined;
  }
}

/** Ids reach a URL or a filter only in canonical GUID form; callers validate first, this is the last guard. */
function guidSegment(id: string): string {
  const lowered = id.toLowerCase();
  if (!isCanonicalGuid(lowered)) {
    throw new TypeError("Directory object ids must be canonical GUIDs; validate them before calling the permission client.");
  }
  return lowered;
}
