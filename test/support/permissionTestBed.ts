import { randomUUID } from "node:crypto";
import { ManagedIdentityCredential } from "@azure/identity";
import { GraphPermissionClient } from "../../src/graph/graphPermissionClient";
import { fastGraphOptions, startGraphTestBed } from "./graphTestBed";
import type { GraphEmulator, GraphEmulatorOptions } from "./graphEmulator";

export interface PermissionTestBed {
  readonly emulator: GraphEmulator;
  readonly client: GraphPermissionClient;
  close(): Promise<void>;
}

/** The Graph emulator plus the production permission client, authenticated like the app is. */
export async function startPermissionTestBed(emulator: GraphEmulatorOptions = {}): Promise<PermissionTestBed> {
  const bed = await startGraphTestBed({ emulator });
  const client = new GraphPermissionClient({
    ...fastGraphOptions,
    baseUrl: bed.emulator.baseUrl,
    scope: bed.emulator.graphScope,
    // A fresh client id: the SDK caches managed identity tokens process-wide by it.
    credential: new ManagedIdentityCredential({ clientId: randomUUID() }),
  });
  return { emulator: bed.emulator, client, close: () => bed.close() };
}
