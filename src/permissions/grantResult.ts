import type { GraphRequestIds } from "../graph/graphError";

/** The managed identity's service principal, as found in the directory. */
export interface GrantPrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string | undefined;
}

/** What is (or would be) granted: the app permission, or the catalog-scoped role. */
export type GrantTarget =
  | {
      readonly kind: "appRole";
      readonly principal: GrantPrincipal;
      /** Microsoft Graph's service principal in this tenant. */
      readonly resourceId: string;
      readonly appRoleId: string;
      readonly appRoleValue: string;
    }
  | {
      readonly kind: "catalogRole";
      readonly principal: GrantPrincipal;
      readonly roleDefinitionId: string;
      readonly roleDisplayName: string;
      readonly appScopeId: string;
    };

/** The step a grant failed at, so the message can say which permission the operator lacks. */
export type GrantStep = "findPrincipal" | "findGraph" | "findRole" | "readGrants" | "grant";

export type GrantResult =
  | { readonly status: "granted"; readonly target: GrantTarget; readonly graph: GraphRequestIds }
  | { readonly status: "alreadyGranted"; readonly target: GrantTarget }
  | { readonly status: "wouldGrant"; readonly target: GrantTarget }
  | { readonly status: "failed"; readonly step: GrantStep; readonly message: string; readonly graph?: GraphRequestIds };
