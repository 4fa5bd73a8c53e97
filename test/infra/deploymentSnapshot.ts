import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repoRoot } from "./bicepCli";
import { BicepRpcError, type BicepServer } from "./bicepServer";
import { cloudNames, cloudTable, type CloudName } from "./cloudTable";

export const subscriptionId = "00000000-0000-0000-0000-00000000a001";
export const tenantId = "00000000-0000-0000-0000-00000000b001";
export const resourceGroupName = "rg-reprocessor";

export type ParameterValues = Record<string, unknown>;

export interface BuiltParameters {
  /** The ARM template the parameters file points at. */
  readonly template: string;
  readonly parameters: ParameterValues;
}

/** What `bicep build-params` makes of a parameters file: the compiled template and the values. */
export async function buildParameters(
  bicep: BicepServer,
  parametersFile: string,
  parameterOverrides?: ParameterValues,
): Promise<BuiltParameters> {
  const compiled = await bicep.compileParams(resolve(repoRoot, parametersFile), parameterOverrides);
  const parametersJson = JSON.parse(compiled.parameters) as { parameters: Record<string, { value: unknown }> };
  const parameters = Object.fromEntries(Object.entries(parametersJson.parameters).map(([name, { value }]) => [name, value]));
  return { template: compiled.template, parameters };
}

/**
 * ARM resolves environment() from the Azure cloud a deployment runs in; `bicep snapshot` has no
 * such input and leaves it unevaluated. To see what a deployment in a given Azure cloud would do,
 * the compiled template gets that cloud's values in place of environment(), as ARM would supply
 * them (only the members the template reads: name and the storage suffix).
 */
export function inAzureCloud(template: string, armEnvironment: string): string {
  const owner = cloudNames.find((name) => cloudTable[name].armEnvironment === armEnvironment);
  if (owner === undefined) {
    throw new Error(`no entry of the cloud table belongs to ${armEnvironment}`);
  }
  const environment = `createObject('name', '${armEnvironment}', 'suffixes', createObject('storage', '${cloudTable[owner].storageSuffix}'))`;
  return template.replaceAll("environment()", environment);
}

function bicepLiteral(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (value === null) {
    return "null";
  }
  if (typeof value === "string") {
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("${", "\\${").replaceAll("\n", "\\n")}'`;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${bicepLiteral(item, inner)}\n`).join("")}${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{\n${entries.map(([key, item]) => `${inner}${bicepLiteral(key)}: ${bicepLiteral(item, inner)}\n`).join("")}${indent}}`;
  }
  throw new Error(`no Bicep literal for ${typeof value}`);
}

export interface SnapshotResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly location?: string;
  readonly kind?: string;
  readonly sku?: Record<string, unknown>;
  readonly tags?: Record<string, string>;
  readonly identity?: { readonly type: string; readonly userAssignedIdentities?: Record<string, unknown> };
  readonly properties?: Record<string, unknown>;
}

export interface DeploymentSnapshot {
  readonly predictedResources: SnapshotResource[];
  readonly diagnostics: string[];
  readonly outputs: Record<string, unknown>;
}

export type SnapshotResult =
  | { readonly deployed: true; readonly snapshot: DeploymentSnapshot }
  | { readonly deployed: false; readonly message: string };

export interface SnapshotRequest {
  readonly built: BuiltParameters;
  /** The Azure cloud (environment().name) the deployment runs in. */
  readonly armEnvironment: string;
  readonly location: string;
}

/** What `bicep snapshot` predicts: every resource a deployment of these parameters would create. */
export async function snapshotDeployment(bicep: BicepServer, request: SnapshotRequest): Promise<SnapshotResult> {
  const directory = await mkdtemp(join(tmpdir(), "infra-snapshot-"));
  try {
    await writeFile(join(directory, "main.json"), inAzureCloud(request.built.template, request.armEnvironment));
    const parametersFile = [
      "using './main.json'",
      ...Object.entries(request.built.parameters).map(([name, value]) => `param ${name} = ${bicepLiteral(value)}`),
      "",
    ].join("\n");
    await writeFile(join(directory, "main.bicepparam"), parametersFile);
    try {
      const snapshot = await bicep.getSnapshot(join(directory, "main.bicepparam"), {
        tenantId,
        subscriptionId,
        resourceGroup: resourceGroupName,
        location: request.location,
        deploymentName: "main",
      });
      return { deployed: true, snapshot: JSON.parse(snapshot) as DeploymentSnapshot };
    } catch (error) {
      if (error instanceof BicepRpcError) {
        return { deployed: false, message: error.message };
      }
      throw error;
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The snapshot of a deployment that is expected to succeed. */
export async function expectDeployed(bicep: BicepServer, request: SnapshotRequest): Promise<DeploymentSnapshot> {
  const result = await snapshotDeployment(bicep, request);
  if (!result.deployed) {
    throw new Error(`bicep snapshot refused the deployment:\n${result.message}`);
  }
  return result.snapshot;
}

export function armEnvironmentOf(cloud: CloudName): string {
  return cloudTable[cloud].armEnvironment;
}
