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
  /** When the previous firing was due; for the first one, when the host started. */
  readonly lastMs: number;
  /** When the schedule fires next; undefined for a schedule that never fires again. */
  readonly nextMs: number | undefined;
  readonly nowMs: number;
}

// What the host's status would hold for "never": DateTime.MaxValue's day.
const never = "9999-12-31T23:59:59.000Z";

export function timerInfo(options: TimerInfoOptions): TimerInfo {
  return {
    isPastDue: options.isPastDue,
    schedule: { adjustForDST: options.adjustForDST },
    scheduleStatus: {
      last: new Date(options.lastMs).toISOString(),
      next: options.nextMs === undefined ? never : new Date(options.nextMs).toISOString(),
      lastUpdated: new Date(options.nowMs).toISOString(),
    },
  };
}
