import { isRecord } from "../shared/jsonRecord";

/** An app role granted to a principal (here: an application permission granted to the app's identity). */
export interface AppRoleAssignment {
  readonly id: string;
  readonly principalId: string;
  readonly resourceId: string;
  readonly appRoleId: string;
}

export function parseAppRoleAssignment(value: unknown): AppRoleAssignment | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { id, principalId, resourceId, appRoleId } = value;
  if (typeof id !== "string" || typeof principalId !== "string" || typeof resourceId !== "string" || typeof appRoleId !== "string") {
    return undefined;
  }
  return { id, principalId, resourceId, appRoleId };
}
