/**
 * The tenant, audience and role `npm start` and the token CLI use locally. Not secrets: they only
 * name a loopback emulator's tenant, fixed so a minted token works across restarts.
 */
export const localIdentity = {
  tenantId: "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
  audience: "api://entra-assignment-reprocessor-local",
  role: "Reprocess.Invoke",
  /** The caller's client id and object id, as a Logic App's managed identity would have them. */
  callerAppId: "0d7c6b5a-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
  callerObjectId: "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716",
} as const;
