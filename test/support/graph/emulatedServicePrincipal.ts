export interface EmulatedAppRole {
  readonly allowedMemberTypes: readonly string[];
  readonly description: string;
  readonly displayName: string;
  readonly id: string;
  readonly isEnabled: boolean;
  readonly origin: string;
  readonly value: string;
}

export interface EmulatedServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly servicePrincipalType: string;
  readonly appRoles: readonly EmulatedAppRole[];
}
