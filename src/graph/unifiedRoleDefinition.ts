import { isRecord, optionalString } from "../shared/jsonRecord";

/** An entitlement management role (Catalog owner, AccessPackage assignment manager, ...). */
export interface UnifiedRoleDefinition {
  readonly id: string;
  readonly displayName: string | undefined;
  /** Built-in roles keep the same template id in every tenant. */
  readonly templateId: string | undefined;
}

export function parseUnifiedRoleDefinition(value: unknown): UnifiedRoleDefinition | undefined {
  if (!isRecord(value) || typeof value.id !== "string") {
    return undefined;
  }
  return { id: value.id, displayName: optionalString(value, "displayName"), templateId: optionalString(value, "templateId") };
}
