export interface EmulatedRoleDefinition {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly isBuiltIn: true;
  readonly isEnabled: true;
  readonly templateId: string;
  readonly version: "1.0";
}

function builtIn(id: string, displayName: string): EmulatedRoleDefinition {
  return { id, displayName, description: displayName, isBuiltIn: true, isEnabled: true, templateId: id, version: "1.0" };
}

// The entitlement management provider's built-in roles, with the ids and display names Graph's
// "List roleDefinitions" example answers (v1.0). Note the display names are not the portal's
// ("Access package assignment manager" appears as "AccessPackage assignment manager"), so clients
// must not find a role by the name people use for it.
export const entitlementRoleDefinitions: readonly EmulatedRoleDefinition[] = [
  builtIn("ba92d953-d8e0-4e39-a797-0cbedb0a89e8", "Catalog creator"),
  builtIn("ae79f266-94d4-4dab-b730-feca7e132178", "Catalog owner"),
  builtIn("44272f93-9762-48e8-af59-1b5351b1d6b3", "Catalog reader"),
  builtIn("7f480852-ebdc-47d4-87de-0d8498384a83", "AccessPackages manager"),
  builtIn("e2182095-804a-4656-ae11-64734e9b7ae5", "AccessPackage assignment manager"),
];
