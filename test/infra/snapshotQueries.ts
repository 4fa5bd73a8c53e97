import type { DeploymentSnapshot, SnapshotResource } from "./deploymentSnapshot";

export function resourcesOfType(snapshot: DeploymentSnapshot, type: string): SnapshotResource[] {
  return snapshot.predictedResources.filter((resource) => resource.type.toLowerCase() === type.toLowerCase());
}

/** The one resource of a type; fails when there is none or more than one. */
export function onlyResourceOfType(snapshot: DeploymentSnapshot, type: string): SnapshotResource {
  const found = resourcesOfType(snapshot, type);
  const [only] = found;
  if (found.length !== 1 || only === undefined) {
    throw new Error(`expected one ${type}, found ${found.length}`);
  }
  return only;
}

/** A property of a resource by its dotted path under `properties`; fails when it is absent. */
export function property(resource: SnapshotResource, path: string): unknown {
  let value: unknown = resource.properties;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || !(key in value)) {
      throw new Error(`${resource.type} ${resource.name} has no properties.${path}`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function functionApp(snapshot: DeploymentSnapshot): SnapshotResource {
  return onlyResourceOfType(snapshot, "Microsoft.Web/sites");
}

/** The function app's settings by name. */
export function appSettings(snapshot: DeploymentSnapshot): Map<string, string> {
  const settings = property(functionApp(snapshot), "siteConfig.appSettings") as { name: string; value: string }[];
  return new Map(settings.map(({ name, value }) => [name, value]));
}

export function appSetting(snapshot: DeploymentSnapshot, name: string): string {
  const value = appSettings(snapshot).get(name);
  if (value === undefined) {
    throw new Error(`the function app has no setting ${name}`);
  }
  return value;
}

/**
 * What bicep snapshot leaves unevaluated because only a real deployment knows it: a property of
 * a deployed resource, written as ARM's reference('<resource id>', '<api version>').<property>.
 */
export function runtimeReference(resourceId: string, property: string): RegExp {
  const escaped = resourceId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`reference\\('${escaped}', '[0-9a-z-]+'\\)\\.${property}\\b`);
}

export interface RoleAssignment {
  /** The resource id the role is granted on. */
  readonly scope: string;
  /** The built-in role definition id (a GUID). */
  readonly roleDefinition: string;
  /** The principalId expression (the identity's principalId is known only once deployed). */
  readonly principalId: string;
  readonly principalType: string;
}

export function roleAssignments(snapshot: DeploymentSnapshot): RoleAssignment[] {
  return resourcesOfType(snapshot, "Microsoft.Authorization/roleAssignments").map((resource) => {
    // Its id reads [extensionResourceId('<scope>', 'Microsoft.Authorization/roleAssignments', <name>)].
    const scope = /^\[extensionResourceId\('([^']+)', 'Microsoft\.Authorization\/roleAssignments'/.exec(resource.id)?.[1];
    if (scope === undefined) {
      throw new Error(`role assignment without a recognisable scope: ${resource.id}`);
    }
    const roleDefinitionId = property(resource, "roleDefinitionId") as string;
    return {
      scope,
      roleDefinition: roleDefinitionId.slice(roleDefinitionId.lastIndexOf("/") + 1),
      principalId: property(resource, "principalId") as string,
      principalType: property(resource, "principalType") as string,
    };
  });
}

/** Built-in role ids (the same in every Azure cloud). */
export const builtInRoles = {
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  serviceBusDataReceiver: "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
  serviceBusDataSender: "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
} as const;
