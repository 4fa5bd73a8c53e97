/**
 * Milliseconds in a .NET TimeSpan string as host.json writes durations: `[d.]hh:mm:ss[.fffffff]`
 * ("00:05:00", "1.00:00:00"). Anything else is refused, naming where it came from, rather than
 * guessed: a misread lock renewal or timer interval would change behaviour silently.
 */
export function parseTimeSpanMs(text: string, where: string): number {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (match === null) throw new RangeError(`${where} must be a TimeSpan such as 00:05:00, not '${text}'`);
  const [, days = "0", hours = "0", minutes = "0", seconds = "0", fraction = ""] = match;
  if (Number(minutes) > 59 || Number(seconds) > 59 || Number(hours) > 23) {
    throw new RangeError(`${where} must be a TimeSpan such as 00:05:00, not '${text}'`);
  }
  const fractionMs = fraction === "" ? 0 : Number(`0.${fraction}`) * 1000;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + fractionMs;
}
