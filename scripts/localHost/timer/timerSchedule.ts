import { parseTimeSpanMs } from "../timeSpan";
import { nextNcrontabOccurrence, parseNcrontab } from "./ncrontabSchedule";

/** When a timer function fires: an NCRONTAB expression or, as the host also accepts, a TimeSpan interval. */
export interface TimerSchedule {
  readonly description: string;
  /** The first firing strictly after `afterMs`, or undefined for never. */
  next(afterMs: number): number | undefined;
}

/** Reads a resolved `schedule` (after `%SETTING%` resolution), naming the function when it cannot. */
export function parseTimerSchedule(schedule: string, functionName: string): TimerSchedule {
  if (/^(\d+\.)?\d{1,2}:\d{2}:\d{2}/.test(schedule.trim())) {
    const intervalMs = parseTimeSpanMs(schedule, `The schedule of ${functionName}`);
    if (intervalMs <= 0) throw new RangeError(`The schedule of ${functionName} is a zero interval ('${schedule}').`);
    return { description: `every ${schedule.trim()}`, next: (afterMs) => afterMs + intervalMs };
  }
  try {
    const cron = parseNcrontab(schedule);
    return { description: `NCRONTAB '${schedule.trim()}' (UTC)`, next: (afterMs) => nextNcrontabOccurrence(cron, afterMs) };
  } catch (error) {
    throw new RangeError(`${functionName}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
