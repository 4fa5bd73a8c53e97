import { isRecord, optionalString } from "../shared/jsonRecord";

/** An entitlement management role held by a principal; catalog-scoped when `appScopeId` names a catalog. */
export interface UnifiedRoleAssignment {
  readonly id: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly appScopeId: string | undefined;
}

export function parseUnifiedRoleAssignment(value: unknown): UnifiedRoleAssignment | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { id, principalId, roleDefinitionId } = value;
  if (typeof id !== "string" || typeof principalId !== "string" || typeof roleDefinitionId !== "string") {
    return undefined;
  }
  return { id, principalId, roleDefinitionId, appScopeId: optionalString(value, "appScopeId") };
}
