import { describe, expect, it } from "vitest";
import { nextNcrontabOccurrence, parseNcrontab } from "../../../scripts/localHost/timer/ncrontabSchedule";
import { parseTimerSchedule } from "../../../scripts/localHost/timer/timerSchedule";

const at = (iso: string): number => Date.parse(iso);
const next = (expression: string, after: string): string | undefined => {
  const ms = nextNcrontabOccurrence(parseNcrontab(expression), at(after));
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

describe("NCRONTAB schedules", () => {
  it("fires every five minutes on the minute for 0 */5 * * * *", () => {
    expect(next("0 */5 * * * *", "2026-12-06T10:07:30Z")).toBe("2026-12-06T10:10:00.000Z");
  });

  it("fires strictly after the given time, never at it", () => {
    expect(next("0 */5 * * * *", "2026-12-06T10:10:00Z")).toBe("2026-12-06T10:15:00.000Z");
  });

  it("reads the seconds field first, as the six-field format does", () => {
    expect(next("30 * * * * *", "2026-12-06T10:07:31Z")).toBe("2026-12-06T10:08:30.000Z");
  });

  it("reads day-of-week names and ranges: 09:30 on weekdays", () => {
    expect(next("0 30 9 * * Mon-Fri", "2026-12-05T12:00:00Z")).toBe("2026-12-07T09:30:00.000Z"); // a Saturday, then Monday
  });

  it("reads lists and month names", () => {
    expect(next("0 0 0 1 Jan,Jul *", "2026-02-01T00:00:00Z")).toBe("2026-07-01T00:00:00.000Z");
  });

  it("requires day and day of week both to match (NCRONTAB ANDs them)", () => {
    expect(next("0 0 0 13 * Fri", "2026-01-01T00:00:00Z")).toBe("2026-02-13T00:00:00.000Z");
  });

  it("answers undefined for a schedule that never fires", () => {
    expect(next("0 0 0 30 Feb *", "2026-01-01T00:00:00Z")).toBeUndefined();
  });

  it("refuses a five-field expression, saying the format has six", () => {
    expect(() => parseNcrontab("*/5 * * * *")).toThrow(/has 5 fields; NCRONTAB needs six/);
  });

  it("refuses a value out of its field's range, naming the field", () => {
    expect(() => parseNcrontab("0 61 * * * *")).toThrow(/'61' as its minute, which must be 0 to 59/);
  });

  it("also takes a TimeSpan interval, as the host does on dedicated plans", () => {
    expect(parseTimerSchedule("00:00:30", "sweep").next(at("2026-12-06T10:00:00Z"))).toBe(at("2026-12-06T10:00:30Z"));
  });

  it("names the function when its schedule cannot be read", () => {
    expect(() => parseTimerSchedule("every day", "healSweep")).toThrow(/^healSweep: The timer schedule 'every day' has 2 fields/);
  });
});
