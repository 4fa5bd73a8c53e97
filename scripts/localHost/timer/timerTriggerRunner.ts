import { createHostInvocationContext, invocationLine, type LineWriter } from "../hostInvocation";
import type { ServedFunction } from "../servedFunction";
import { timerInfo } from "./timerInfo";

type TimerFunction = Extract<ServedFunction, { kind: "timer" }>;

export interface TimerTriggerRunnerOptions {
  readonly fn: TimerFunction;
  readonly write: LineWriter;
  readonly now?: () => number;
}

export interface RunningTimerTrigger {
  /** When the schedule fires next, or undefined for never. */
  readonly nextMs: number | undefined;
  /** Runs the function now, as Core Tools' POST /admin/functions/{name} does; does not wait for it. */
  runNow(): void;
  /** Stops the schedule and waits for invocations in flight (until `abortSignal`). */
  close(options: { readonly abortSignal: AbortSignal }): Promise<void>;
}

// setTimeout's longest delay; a later firing is re-armed in steps.
const maxTimeoutMs = 2 ** 31 - 1;

/**
 * A timer trigger on its schedule: as the host does, one scheduled invocation at a time (a timer
 * function is a singleton), a firing that fell due meanwhile runs right after with isPastDue true,
 * and runOnStartup fires once at start. Schedule status is kept in memory, not in storage.
 */
export function startTimerTrigger(options: TimerTriggerRunnerOptions): RunningTimerTrigger {
  const { fn, write } = options;
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  // Undefined until the first run, as a host with no stored status has none.
  let lastMs: number | undefined;
  let nextMs = fn.schedule.next(now());
  let timer: NodeJS.Timeout | undefined;
  let scheduledRunning = false;
  // The occurrence that fell due while a scheduled run was still going: it runs next, past due.
  let pendingDueMs: number | undefined;
  let closed = false;

  /**
   * `dueMs` is the status's `next` as the host holds it before the run: for a scheduled run, the
   * occurrence firing now (not the one after it, which the core would take for another slot).
   */
  function invoke(trigger: string, isPastDue: boolean, dueMs: number | undefined, ranAtMs: number): Promise<void> {
    const started = performance.now();
    const info = timerInfo({ isPastDue, adjustForDST: fn.adjustForDST, lastMs, nextMs: dueMs, nowMs: now() });
    lastMs = ranAtMs;
    const context = createHostInvocationContext({ functionName: fn.name, trigger: { type: "timerTrigger", name: fn.trigger.name ?? "timer" }, write });
    const running = (async () => {
      let outcome = "succeeded";
      try {
        await fn.handler(info, context);
      } catch (error) {
        outcome = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      }
      const next = nextMs === undefined ? "never" : new Date(nextMs).toISOString();
      write(invocationLine(fn.name, `${trigger}${isPastDue ? ", past due" : ""}`, `${outcome}; next ${next}`, performance.now() - started));
    })();
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  }

  function runScheduled(trigger: string, isPastDue: boolean, dueMs: number | undefined, ranAtMs: number): void {
    scheduledRunning = true;
    void invoke(trigger, isPastDue, dueMs, ranAtMs).finally(() => {
      scheduledRunning = false;
      const pending = pendingDueMs;
      pendingDueMs = undefined;
      if (pending !== undefined && !closed) runScheduled("schedule", true, pending, now());
    });
  }

  function arm(): void {
    if (closed || nextMs === undefined) return;
    const dueMs = nextMs;
    timer = setTimeout(() => {
      if (now() < dueMs) {
        arm();
        return;
      }
      nextMs = fn.schedule.next(Math.max(dueMs, now()));
      // One past-due run for however many fell due meanwhile, for the first of them, as the host's
      // stored next is the first occurrence it missed.
      if (scheduledRunning) pendingDueMs ??= dueMs;
      else runScheduled("schedule", false, dueMs, dueMs);
      arm();
    }, Math.min(Math.max(dueMs - now(), 0), maxTimeoutMs));
  }

  // Not a scheduled occurrence: the status holds the one still to come.
  if (fn.runOnStartup) runScheduled("runOnStartup", false, nextMs, now());
  arm();

  return {
    get nextMs() {
      return nextMs;
    },
    runNow: () => {
      void invoke("admin request", false, nextMs, now());
    },
    close: async ({ abortSignal }) => {
      closed = true;
      clearTimeout(timer);
      await Promise.race([Promise.all([...inFlight]), new Promise((resolve) => {
          abortSignal.addEventListener("abort", resolve, { once: true });
        })]);
    },
  };
}
