import { randomBytes } from "node:crypto";
import type { EmulatedServicePrincipal } from "./emulatedServicePrincipal";

export interface EmulatedAppRoleAssignment {
  readonly id: string;
  readonly appRoleId: string;
  readonly createdDateTime: string;
  readonly deletedDateTime: null;
  readonly principalDisplayName: string;
  readonly principalId: string;
  readonly principalType: "ServicePrincipal";
  readonly resourceDisplayName: string;
  readonly resourceId: string;
}

export interface AppRoleAssignmentRequest {
  readonly principalId: string;
  readonly resourceId: string;
  readonly appRoleId: string;
}

export type AppRoleAssignmentOutcome =
  | { readonly ok: true; readonly assignment: EmulatedAppRoleAssignment }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

// The slice of the directory the grant-permission command touches: service principals and the
// app role assignments between them. Grants feed back into the roles of new managed identity
// tokens, so "grant, then call Graph" can be tested end to end.
export class ServicePrincipalDirectory {
  private readonly byId = new Map<string, EmulatedServicePrincipal>();
  private readonly assignments: EmulatedAppRoleAssignment[] = [];

  constructor(principals: readonly EmulatedServicePrincipal[]) {
    for (const principal of principals) this.byId.set(principal.id.toLowerCase(), principal);
  }

  all(): EmulatedServicePrincipal[] {
    return [...this.byId.values()];
  }

  get(id: string): EmulatedServicePrincipal | undefined {
    return this.byId.get(id.toLowerCase());
  }

  findByAppId(appId: string): EmulatedServicePrincipal[] {
    const wanted = appId.toLowerCase();
    return this.all().filter((principal) => principal.appId.toLowerCase() === wanted);
  }

  appRoleAssignments(): readonly EmulatedAppRoleAssignment[] {
    return this.assignments;
  }

  clearAppRoleAssignments(): void {
    this.assignments.length = 0;
  }

  assignedTo(resourceId: string): EmulatedAppRoleAssignment[] {
    const wanted = resourceId.toLowerCase();
    return this.assignments.filter((assignment) => assignment.resourceId.toLowerCase() === wanted);
  }

  /** `value`s of the app roles granted to a principal, for the roles claim of its tokens. */
  roleValuesOf(principalId: string): string[] {
    const wanted = principalId.toLowerCase();
    const values: string[] = [];
    for (const assignment of this.assignments) {
      if (assignment.principalId.toLowerCase() !== wanted) continue;
      const role = this.get(assignment.resourceId)?.appRoles.find((r) => r.id === assignment.appRoleId);
      if (role !== undefined) values.push(role.value);
    }
    return values;
  }

  assign(request: AppRoleAssignmentRequest): AppRoleAssignmentOutcome {
    const resource = this.get(request.resourceId);
    const principal = this.get(request.principalId);
    if (resource === undefined || principal === undefined) {
      const missing = resource === undefined ? request.resourceId : request.principalId;
      return {
        ok: false,
        status: 404,
        code: "Request_ResourceNotFound",
        message: `Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`,
      };
    }
    const appRoleId = request.appRoleId.toLowerCase();
    if (!resource.appRoles.some((role) => role.id === appRoleId)) {
      return {
        ok: false,
        status: 400,
        code: "Request_BadRequest",
        message: `Permission being assigned was not found on application '${resource.appId}'.`,
      };
    }
    const duplicate = this.assignments.some(
      (a) => a.resourceId === resource.id && a.principalId === principal.id && a.appRoleId === appRoleId,
    );
    if (duplicate) {
      // Public reports show Graph answering a repeated grant with 400 Request_BadRequest rather
      // than 409 (unconfirmed here), so callers should recognise it by this message, not status.
      return {
        ok: false,
        status: 400,
        code: "Request_BadRequest",
        message: "Permission being assigned already exists on the object.",
      };
    }
    const assignment: EmulatedAppRoleAssignment = {
      id: randomBytes(32).toString("base64url").slice(0, 43),
      appRoleId,
      createdDateTime: new Date().toISOString(),
      deletedDateTime: null,
      principalDisplayName: principal.displayName,
      principalId: principal.id,
      principalType: "ServicePrincipal",
      resourceDisplayName: resource.displayName,
      resourceId: resource.id,
    };
    this.assignments.push(assignment);
    return { ok: true, assignment };
  }
}
