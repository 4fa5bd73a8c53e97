/** How the operator names the managed identity: its service principal's object id, or its client (app) id. */
export type PrincipalReference = { readonly objectId: string } | { readonly clientId: string };
