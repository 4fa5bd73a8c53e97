// Runs the Graph emulator in a process of its own for the benchmarks, so the client being measured
// does not share its event loop (on a 2-core machine the two then run side by side), and reports
// where it listens over IPC. Its request log is cleared every second: nobody reads it here, and
// letting it grow would add the emulator's garbage collection to the latencies measured.
import { GraphEmulator } from "../../test/support/graph/graphEmulator";
import { seedAssignments } from "../../test/support/graph/seedAssignments";
import type { EmulatorCommand, EmulatorEndpoints } from "./emulatorProtocol";

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_ASSIGNMENTS ?? "1000");
  const assignmentIds = seedAssignments({ count, scope: 90 }).map((assignment) => assignment.id);
  const emulator = await GraphEmulator.start({ assignments: seedAssignments({ count, scope: 90 }) });
  const clearing = setInterval(() => {
    emulator.clearRecords();
  }, 1_000);
  // A timeline per whole second from when the limit is set (the start of a bulk run), so a run's
  // JSON shows where its time went: the first 429, the pauses, the climb, the tail.
  const acceptedPerSecond: number[] = [];
  const throttledPerSecond: number[] = [];
  // And a finer one (tenths of a second) for the scale cells' ramp: a 400-call run at 200/s lasts 2 s.
  const acceptedPerTenth: number[] = [];
  let timeline: NodeJS.Timeout | undefined;
  let fineTimeline: NodeJS.Timeout | undefined;
  let sampled = { reprocessed: 0, throttled: 0 };
  let fineSampled = 0;
  const sampleFine = (): void => {
    const reprocessed = emulator.totalReprocesses();
    acceptedPerTenth.push(reprocessed - fineSampled);
    fineSampled = reprocessed;
  };
  const sample = (): void => {
    const now = { reprocessed: emulator.totalReprocesses(), throttled: emulator.throttledCount() };
    acceptedPerSecond.push(now.reprocessed - sampled.reprocessed);
    throttledPerSecond.push(now.throttled - sampled.throttled);
    sampled = now;
  };
  process.on("message", (raw) => {
    const command = raw as EmulatorCommand;
    if (command.type === "setRateLimit") {
      emulator.setRateLimit(command.limit);
      clearInterval(timeline);
      clearInterval(fineTimeline);
      acceptedPerSecond.length = 0;
      throttledPerSecond.length = 0;
      acceptedPerTenth.length = 0;
      sampled = { reprocessed: emulator.totalReprocesses(), throttled: emulator.throttledCount() };
      fineSampled = sampled.reprocessed;
      timeline = setInterval(sample, 1_000);
      fineTimeline = setInterval(sampleFine, 100);
    } else if (command.type === "stats") {
      // The second under way counts as far as it got.
      clearInterval(timeline);
      clearInterval(fineTimeline);
      sample();
      sampleFine();
      process.send?.({ type: "stats", throttled: emulator.throttledCount(), reprocessed: emulator.totalReprocesses(), acceptedPerSecond, throttledPerSecond, acceptedPerTenth });
    } else if (command.type === "reprocessCounts") {
      const counts: Record<string, number> = {};
      for (const id of assignmentIds) {
        const reprocessed = emulator.reprocessCount(id);
        if (reprocessed > 0) counts[id] = reprocessed;
      }
      process.send?.({ type: "reprocessCounts", counts });
    } else {
      clearInterval(clearing);
      clearInterval(timeline);
      clearInterval(fineTimeline);
      void emulator.close().then(() => process.exit(0));
    }
  });
  process.on("disconnect", () => process.exit(0));
  const endpoints: EmulatorEndpoints = {
    type: "ready",
    baseUrl: emulator.baseUrl,
    identityEndpoint: emulator.identityEndpoint,
    identityHeader: emulator.identityHeader,
    graphScope: emulator.graphScope,
    assignmentIds,
  };
  process.send?.(endpoints);
}

void main();
