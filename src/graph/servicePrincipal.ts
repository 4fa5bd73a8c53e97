import { isRecord, optionalString } from "../shared/jsonRecord";

/** Microsoft Graph's own application id: the same in every tenant and every national cloud. */
export const microsoftGraphAppId = "00000003-0000-0000-c000-000000000000";

export interface AppRole {
  readonly id: string;
  readonly value: string | undefined;
  readonly isEnabled: boolean;
  readonly allowedMemberTypes: readonly string[];
}

/** The part of a servicePrincipal the permission grant reads. */
export interface ServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string | undefined;
  readonly appRoles: readonly AppRole[];
}

function parseAppRole(value: unknown): AppRole | undefined {
  if (!isRecord(value) || typeof value.id !== "string") {
    return undefined;
  }
  const allowed = Array.isArray(value.allowedMemberTypes) ? value.allowedMemberTypes.filter((type): type is string => typeof type === "string") : [];
  return { id: value.id, value: optionalString(value, "value"), isEnabled: value.isEnabled !== false, allowedMemberTypes: allowed };
}

export function parseServicePrincipal(value: unknown): ServicePrincipal | undefined {
  if (!isRecord(value) || typeof value.id !== "string" || typeof value.appId !== "string") {
    return undefined;
  }
  const appRoles: AppRole[] = [];
  if (Array.isArray(value.appRoles)) {
    for (const raw of value.appRoles) {
      const role = parseAppRole(raw);
      if (role === undefined) {
        return undefined;
      }
      appRoles.push(role);
    }
  }
  return { id: value.id, appId: value.appId, displayName: optionalString(value, "displayName"), appRoles };
}
