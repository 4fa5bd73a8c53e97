// Worker for the memory section (run with --expose-gc): sequential reprocesses through the core,
// reading RSS after a forced full collection at the two checkpoints.
import { benchServices } from "./benchServices";
import { EmulatorChild } from "./emulatorChild";
import { runAsWorker } from "./runAsWorker";

export interface MemoryWorkerResult {
  readonly checkpoints: readonly { readonly reprocesses: number; readonly rssBytes: number; readonly heapUsedBytes: number }[];
}

function collectedMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  gc();
  gc();
  return process.memoryUsage();
}

async function main(): Promise<void> {
  const checkpoints = (process.env.BENCH_CHECKPOINTS ?? "2000,10000").split(",").map(Number);
  const abortSignal = AbortSignal.timeout(20 * 60_000);
  const emulator = await EmulatorChild.start({ assignments: 1000, abortSignal });
  try {
    const services = benchServices(emulator.endpoints);
    const ids = emulator.endpoints.assignmentIds;
    const result: MemoryWorkerResult["checkpoints"][number][] = [];
    let done = 0;
    for (const checkpoint of checkpoints) {
      for (; done < checkpoint; done++) {
        const outcome = await services.reprocessor.reprocess(ids[done % ids.length], { checkState: false, abortSignal });
        if (outcome.kind !== "accepted") throw new Error(`reprocess ended ${outcome.kind}`);
      }
      const memory = collectedMemory();
      result.push({ reprocesses: done, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed });
    }
    const message: MemoryWorkerResult = { checkpoints: result };
    process.send?.(message);
  } finally {
    await emulator.close();
  }
}

runAsWorker(main);
