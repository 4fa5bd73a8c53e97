import { afterAll, afterEach, beforeAll } from "vitest";
import { startGraphTestBed, type GraphTestBed, type GraphTestBedOptions } from "./graphTestBed";

/**
 * One Graph test bed for the enclosing describe, started once (a server and a token round trip),
 * with the requests recorded and the faults injected cleared after each test so tests do not see
 * each other's.
 */
export function useGraphTestBed(options: GraphTestBedOptions = {}): Omit<GraphTestBed, "close"> {
  let bed: GraphTestBed | undefined;
  const started = (): GraphTestBed => {
    if (bed === undefined) throw new Error("The Graph test bed is used outside a test of the describe that set it up.");
    return bed;
  };

  beforeAll(async () => {
    bed = await startGraphTestBed(options);
  });
  afterAll(async () => bed?.close());
  afterEach(() => {
    started().emulator.clearRecords();
    started().emulator.clearFaults();
  });

  return {
    get emulator() {
      return started().emulator;
    },
    get client() {
      return started().client;
    },
    get reprocessor() {
      return started().reprocessor;
    },
    get calls() {
      return started().calls;
    },
    get clientId() {
      return started().clientId;
    },
  };
}
