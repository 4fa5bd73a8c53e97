import { randomUUID } from "node:crypto";
import { ManagedIdentityCredential } from "@azure/identity";
import { AssignmentReprocessor } from "../../../src/core/assignmentReprocessor";
import { getNationalCloud, type NationalCloudName } from "../../../src/clouds/nationalCloud";
import { GraphClient, type GraphCallRecord, type GraphClientOptions } from "../../../src/graph/graphClient";
import { GraphEmulator, type GraphEmulatorOptions } from "./graphEmulator";

export interface GraphTestBedOptions {
  readonly cloud?: NationalCloudName;
  readonly emulator?: GraphEmulatorOptions;
  readonly graph?: Partial<Omit<GraphClientOptions, "baseUrl" | "scope" | "credential">>;
  readonly checkStateFirst?: boolean;
}

export interface GraphTestBed {
  readonly emulator: GraphEmulator;
  readonly client: GraphClient;
  readonly reprocessor: AssignmentReprocessor;
  readonly calls: GraphCallRecord[];
  readonly clientId: string;
  close(): Promise<void>;
}

/** Fast retries so tests that exercise them stay quick; individual tests override what they probe. */
export const fastGraphOptions = {
  inlineRetryBudgetMs: 2_000,
  maxInlineRetries: 3,
  requestTimeoutMs: 2_000,
  backoff: { baseDelayMs: 20, maxDelayMs: 100 },
} as const;

/**
 * MSAL remembers the first IDENTITY_ENDPOINT it sees for the life of the process, so every bed in
 * one test file serves its identity endpoint on the same port with the same header.
 */
let sharedIdentity: { readonly port: number; readonly header: string } | undefined;

/**
 * A Graph emulator plus the production Graph client and core, authenticated through the real
 * ManagedIdentityCredential against the emulator's App Service identity endpoint.
 */
export async function startGraphTestBed(options: GraphTestBedOptions = {}): Promise<GraphTestBed> {
  const cloud = getNationalCloud(options.cloud ?? "Global");
  const emulator = await GraphEmulator.start({
    ...options.emulator,
    cloud: cloud.name,
    ...(sharedIdentity === undefined ? {} : { identityPort: sharedIdentity.port, identityHeader: sharedIdentity.header }),
  });
  sharedIdentity ??= { port: Number(new URL(emulator.identityEndpoint).port), header: emulator.identityHeader };
  process.env.IDENTITY_ENDPOINT = emulator.identityEndpoint;
  process.env.IDENTITY_HEADER = emulator.identityHeader;
  // The SDK caches tokens process-wide by client id: a fresh id keeps beds independent.
  const clientId = randomUUID();
  const calls: GraphCallRecord[] = [];
  const client = new GraphClient({
    ...fastGraphOptions,
    ...options.graph,
    baseUrl: emulator.baseUrl,
    scope: cloud.graphScope,
    credential: new ManagedIdentityCredential({ clientId }),
    onCallCompleted: (record) => {
      calls.push(record);
      options.graph?.onCallCompleted?.(record);
    },
  });
  const reprocessor = new AssignmentReprocessor(client, { checkStateFirst: options.checkStateFirst ?? true });
  return {
    emulator,
    client,
    reprocessor,
    calls,
    clientId,
    close: () => emulator.close(),
  };
}
