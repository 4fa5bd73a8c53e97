import type { EmulatedAppRole, EmulatedServicePrincipal } from "./emulatedServicePrincipal";

function applicationRole(id: string, value: string, displayName: string): EmulatedAppRole {
  return {
    allowedMemberTypes: ["Application"],
    description: `Allows the app to ${displayName.toLowerCase()} without a signed-in user.`,
    displayName,
    id,
    isEnabled: true,
    origin: "Application",
    value,
  };
}

// Microsoft Graph's service principal as a tenant holds it. The app role ids are the public ones,
// but clients must look the role up by value at run time (design §2); the object id is the
// emulator's own, as it differs in every tenant. The extra roles make "pick the right role" real.
export const graphServicePrincipal: EmulatedServicePrincipal = {
  id: "5b1c6a3e-0d57-4f38-9a8e-3c2f1e0b7d41",
  appId: "00000003-0000-0000-c000-000000000000",
  displayName: "Microsoft Graph",
  servicePrincipalType: "Application",
  appRoles: [
    applicationRole("df021288-bdef-4463-88db-98f22de89214", "User.Read.All", "Read all users' full profiles"),
    applicationRole("c74fd47d-ed3c-45c3-9a9e-b8676de685d2", "EntitlementManagement.Read.All", "Read all entitlement management resources"),
    applicationRole("9acd699f-1e81-4958-b001-93b1d2506e19", "EntitlementManagement.ReadWrite.All", "Read and write all entitlement management resources"),
    applicationRole("06b708a9-e830-4db3-a914-8e69da51d44f", "AppRoleAssignment.ReadWrite.All", "Manage app permission grants and app role assignments"),
  ],
};
