/**
 * A six-field NCRONTAB expression, as the Functions timer trigger reads `schedule`:
 * `{second} {minute} {hour} {day} {month} {day-of-week}`, each field `*`, a value, a range `a-b`,
 * a step `*\/n`, `a-b/n` or `a/n`, or a comma-separated list of those; months and days of the
 * week also by their English three-letter names. Evaluated in UTC.
 */
export interface NcrontabSchedule {
  readonly expression: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  /** 1 to 12. */
  readonly months: ReadonlySet<number>;
  /** 0 (Sunday) to 6. */
  readonly daysOfWeek: ReadonlySet<number>;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const fields: readonly FieldSpec[] = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { name: "day-of-week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

function fieldValue(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  const value = named >= 0 ? named + spec.min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new RangeError(`The timer schedule '${expression}' has '${text}' as its ${spec.name}, which must be ${spec.min} to ${spec.max}.`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const [range = "", stepText, extra] = item.split("/");
    if (extra !== undefined || range === "") throw new RangeError(`The timer schedule '${expression}' has an unreadable ${spec.name} field '${text}'.`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new RangeError(`The timer schedule '${expression}' has step '${stepText ?? ""}' in its ${spec.name} field; a step is a positive integer.`);
    let from: number;
    let to: number;
    if (range === "*") {
      [from, to] = [spec.min, spec.max];
    } else if (range.includes("-")) {
      const [low = "", high = ""] = range.split("-");
      [from, to] = [fieldValue(low, spec, expression), fieldValue(high, spec, expression)];
      if (from > to) throw new RangeError(`The timer schedule '${expression}' has the backwards range '${range}' in its ${spec.name} field.`);
    } else {
      from = fieldValue(range, spec, expression);
      // `5/15` means from 5 to the end in steps of 15; a plain `5` is just 5.
      to = stepText === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

export function parseNcrontab(expression: string): NcrontabSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new RangeError(`The timer schedule '${expression}' has ${parts.length} fields; NCRONTAB needs six: {second} {minute} {hour} {day} {month} {day-of-week}, e.g. '0 */5 * * * *'.`);
  }
  const [seconds, minutes, hours, days, months, daysOfWeek] = parts.map((part, index) => parseField(part, fields[index] ?? { name: "?", min: 0, max: 0 }, expression));
  return { expression, seconds: seconds ?? new Set(), minutes: minutes ?? new Set(), hours: hours ?? new Set(), days: days ?? new Set(), months: months ?? new Set(), daysOfWeek: daysOfWeek ?? new Set() };
}

// A schedule such as "0 0 0 30 2 *" (30 February) never fires: give up after this many years.
const searchYears = 5;

/**
 * The first time strictly after `afterMs` the schedule fires, or undefined if it never does.
 * Day and day of week must both match (NCRONTAB ANDs them, unlike Vixie cron, which ORs them).
 */
export function nextNcrontabOccurrence(schedule: NcrontabSchedule, afterMs: number): number | undefined {
  const time = new Date(Math.floor(afterMs / 1000) * 1000 + 1000);
  const limit = time.getTime() + searchYears * 366 * 24 * 3_600_000;
  while (time.getTime() <= limit) {
    if (!schedule.months.has(time.getUTCMonth() + 1)) {
      time.setUTCMonth(time.getUTCMonth() + 1, 1);
      time.setUTCHours(0, 0, 0, 0);
    } else if (!schedule.days.has(time.getUTCDate()) || !schedule.daysOfWeek.has(time.getUTCDay())) {
      time.setUTCDate(time.getUTCDate() + 1);
      time.setUTCHours(0, 0, 0, 0);
    } else if (!schedule.hours.has(time.getUTCHours())) {
      time.setUTCHours(time.getUTCHours() + 1, 0, 0, 0);
    } else if (!schedule.minutes.has(time.getUTCMinutes())) {
      time.setUTCMinutes(time.getUTCMinutes() + 1, 0, 0);
    } else if (!schedule.seconds.has(time.getUTCSeconds())) {
      time.setUTCSeconds(time.getUTCSeconds() + 1, 0);
    } else {
      return time.getTime();
    }
  }
  return undefined;
}
