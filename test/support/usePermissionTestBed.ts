import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { GraphPermissionClient } from "../../src/graph/graphPermissionClient";
import type { GraphEmulator, GraphEmulatorOptions } from "./graphEmulator";
import { startPermissionTestBed, type PermissionTestBed } from "./permissionTestBed";

export interface PermissionTestBedFixture {
  readonly emulator: GraphEmulator;
  readonly client: GraphPermissionClient;
  /** Aborted when the test ends, so a test that fails half-way leaves no request running into the next. */
  readonly abortSignal: AbortSignal;
  /** POSTs the emulator saw in this test: a grant that changes nothing sends none. */
  posts(): number;
}

/**
 * One permission test bed for the enclosing describe, started once (a bed is a server and a token
 * round trip), with everything a grant test changes undone after each test so tests do not see
 * each other's grants, faults or requests.
 */
export function usePermissionTestBed(emulator: GraphEmulatorOptions = {}): PermissionTestBedFixture {
  let bed: PermissionTestBed | undefined;
  let testAbort = new AbortController();
  const started = (): PermissionTestBed => {
    if (bed === undefined) throw new Error("The permission test bed is used outside a test of the describe that set it up.");
    return bed;
  };

  beforeAll(async () => {
    bed = await startPermissionTestBed(emulator);
  });
  afterAll(async () => bed?.close());
  beforeEach(() => {
    testAbort = new AbortController();
  });
  afterEach(() => {
    testAbort.abort();
    const { emulator } = started();
    emulator.clearAppRoleAssignments();
    emulator.clearEntitlementRoleAssignments();
    emulator.clearFaults();
    emulator.clearRecords();
  });

  return {
    get emulator() {
      return started().emulator;
    },
    get client() {
      return started().client;
    },
    get abortSignal() {
      return testAbort.signal;
    },
    posts: () => started().emulator.requests.filter((request) => request.method === "POST").length,
  };
}
