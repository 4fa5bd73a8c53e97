import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// vitest forks its workers without --expose-gc; setting the flag at run time and reading `gc` from
// a fresh context is the documented way to get a collector handle anyway.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** Heap in use after a full collection, so what is left is what is still referenced. */
export function heapUsedAfterGc(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
