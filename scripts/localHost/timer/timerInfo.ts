/** The Timer object the host passes a timer function (camel-cased by the worker, dates as ISO strings). */
export interface TimerInfo {
  readonly isPastDue: boolean;
  readonly schedule: { readonly adjustForDST: boolean };
  readonly scheduleStatus: { readonly last: string; readonly next: string; readonly lastUpdated: string };
}

export interface TimerInfoOptions {
  /** This firing was due earlier but had to wait (the previous invocation was still running). */
  readonly isPastDue: boolean;
  readonly adjustForDST: boolean;
  /** When the previous run was; undefined before the first. */
  readonly lastMs: number | undefined;
  /**
   * The status held before this run: for a scheduled run, the occurrence firing now (the core's
   * heal sweep takes its slot from it); undefined for a schedule that never fires again.
   */
  readonly nextMs: number | undefined;
  readonly nowMs: number;
}

// The host's "never" and "not yet": its DefaultDateTime, year 1 (src/core/healSweep.ts reads a
// year-1 next as no slot).
const never = "0001-01-01T00:00:00.000Z";

export function timerInfo(options: TimerInfoOptions): TimerInfo {
  return {
    isPastDue: options.isPastDue,
    schedule: { adjustForDST: options.adjustForDST },
    scheduleStatus: {
      last: options.lastMs === undefined ? never : new Date(options.lastMs).toISOString(),
      next: options.nextMs === undefined ? never : new Date(options.nextMs).toISOString(),
      lastUpdated: new Date(options.nowMs).toISOString(),
    },
  };
}
