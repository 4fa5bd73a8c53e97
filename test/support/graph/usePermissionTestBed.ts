import { randomUUID } from "node:crypto";
import { ManagedIdentityCredential } from "@azure/identity";
import { afterEach, beforeAll, beforeEach } from "vitest";
import { GraphPermissionClient } from "../../../src/graph/graphPermissionClient";
import type { GraphEmulator, GraphEmulatorOptions } from "./graphEmulator";
import { fastGraphOptions } from "./graphTestBed";
import { useGraphTestBed } from "./useGraphTestBed";

export interface PermissionTestBedFixture {
  readonly emulator: GraphEmulator;
  /** The production permission client, authenticated like the app is. */
  readonly client: GraphPermissionClient;
  /** Aborted when the test ends, so a test that fails half-way leaves no request running into the next. */
  readonly abortSignal: AbortSignal;
  /** POSTs the emulator saw in this test: a grant that changes nothing sends none. */
  posts(): number;
}

/**
 * The Graph emulator and the permission client for the enclosing describe, started once, with the
 * grants made undone after each test (as well as the requests and faults) so tests do not see
 * each other's.
 */
export function usePermissionTestBed(emulator: GraphEmulatorOptions = {}): PermissionTestBedFixture {
  const bed = useGraphTestBed({ emulator });
  let client: GraphPermissionClient | undefined;
  let testAbort = new AbortController();

  beforeAll(() => {
    client = new GraphPermissionClient({
      ...fastGraphOptions,
      baseUrl: bed.emulator.baseUrl,
      scope: bed.emulator.graphScope,
      // A fresh client id: the SDK caches managed identity tokens process-wide by it.
      credential: new ManagedIdentityCredential({ clientId: randomUUID() }),
    });
  });
  beforeEach(() => {
    testAbort = new AbortController();
  });
  afterEach(() => {
    testAbort.abort();
    bed.emulator.clearAppRoleAssignments();
    bed.emulator.clearEntitlementRoleAssignments();
  });

  return {
    get emulator() {
      return bed.emulator;
    },
    get client() {
      if (client === undefined) throw new Error("The permission test bed is used outside a test of the describe that set it up.");
      return client;
    },
    get abortSignal() {
      return testAbort.signal;
    },
    posts: () => bed.emulator.requests.filter((request) => request.method === "POST").length,
  };
}
