import { randomBytes } from "node:crypto";
import type { EmulatedRoleDefinition } from "./entitlementRoleDefinitions";

export interface EmulatedRoleAssignment {
  readonly id: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly appScopeId: string;
  readonly directoryScopeId: null;
}

export interface RoleAssignmentRequest {
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly appScopeId: string;
}

export type RoleAssignmentOutcome =
  | { readonly ok: true; readonly assignment: EmulatedRoleAssignment }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

export interface RoleAssignmentQuery {
  readonly principalId?: string;
  readonly roleDefinitionId?: string;
  readonly appScopeId?: string;
}

const catalogScope = /^\/AccessPackageCatalog\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Entitlement management role assignments (the catalog-scoped alternative to the tenant-wide app
// permission). Whether a principal exists is the caller's question: it owns the directory.
export class EntitlementRoleAssignments {
  private readonly assignments: EmulatedRoleAssignment[] = [];

  constructor(private readonly definitions: readonly EmulatedRoleDefinition[]) {}

  all(): readonly EmulatedRoleAssignment[] {
    return this.assignments;
  }

  clear(): void {
    this.assignments.length = 0;
  }

  find(query: RoleAssignmentQuery): EmulatedRoleAssignment[] {
    return this.assignments.filter(
      (a) =>
        (query.principalId === undefined || a.principalId === query.principalId.toLowerCase()) &&
        (query.roleDefinitionId === undefined || a.roleDefinitionId === query.roleDefinitionId.toLowerCase()) &&
        (query.appScopeId === undefined || a.appScopeId.toLowerCase() === query.appScopeId.toLowerCase()),
    );
  }

  assign(request: RoleAssignmentRequest): RoleAssignmentOutcome {
    const roleDefinitionId = request.roleDefinitionId.toLowerCase();
    if (!this.definitions.some((definition) => definition.id === roleDefinitionId)) {
      return { ok: false, status: 400, code: "BadRequest", message: `The role definition '${request.roleDefinitionId}' does not exist.` };
    }
    if (request.appScopeId !== "/" && !catalogScope.test(request.appScopeId)) {
      return { ok: false, status: 400, code: "BadRequest", message: `appScopeId '${request.appScopeId}' is not '/' or '/AccessPackageCatalog/{catalogId}'.` };
    }
    const principalId = request.principalId.toLowerCase();
    if (this.find({ principalId, roleDefinitionId, appScopeId: request.appScopeId }).length > 0) {
      // Graph's answer to a repeated role assignment is undocumented (unconfirmed); clients must
      // look before they POST rather than rely on this status.
      return { ok: false, status: 409, code: "Conflict", message: "A role assignment with the same principal, role and scope already exists." };
    }
    const assignment: EmulatedRoleAssignment = {
      id: randomBytes(32).toString("base64url").slice(0, 43),
      principalId,
      roleDefinitionId,
      appScopeId: request.appScopeId,
      directoryScopeId: null,
    };
    this.assignments.push(assignment);
    return { ok: true, assignment };
  }
}
