import { isCanonicalGuid } from "../shared/guid";
import { ConfigError } from "./configError";
import type { SettingReader } from "./settingReader";

export const healScheduleSetting = "HEAL_SCHEDULE";
export const healAccessPackageIdsSetting = "HEAL_ACCESS_PACKAGE_IDS";
export const healLookbackDaysSetting = "HEAL_LOOKBACK_DAYS";

export interface HealConfig {
  /**
   * The NCRONTAB the host resolves as `%HEAL_SCHEDULE%`; undefined turns the sweep off (the
   * function is then not registered at all, so the host never sees an unresolvable expression).
   */
  readonly schedule: string | undefined;
  /** createdDateTime bound of the sweep's list, in days before the slot. */
  readonly lookbackDays: number;
  /** Lower-case, without repeats. */
  readonly accessPackageIds: readonly string[];
}

/**
 * 3 approval stages of at most 14 days each (42) + the 14-day reprocess window (56), + 4 days for
 * the platform's own delivery retries and a run missed over a weekend.
 */
export const defaultHealLookbackDays = 60;

/** Each id is an expand every run: a long list is a bulk job, not a heal. */
export const maxHealAccessPackages = 100;

// {second} {minute} {hour} {day} {month} {day-of-week}, as the Functions host parses it.
const cronField = /^[0-9A-Za-z*/,-]+$/;

function readSchedule(settings: SettingReader): string | undefined {
  const schedule = settings.optionalString(healScheduleSetting);
  if (schedule === undefined) return undefined;
  const fields = schedule.split(/\s+/);
  if (fields.length !== 6 || !fields.every((field) => cronField.test(field))) {
    throw new ConfigError(healScheduleSetting, `${JSON.stringify(schedule.slice(0, 80))} is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}), e.g. "0 30 4 * * *" for 04:30 UTC daily. Leave it empty to turn the sweep off.`);
  }
  // A sweep lists every failed request of the tenant: firing it every second would hammer Graph.
  if (!/^\d{1,2}$/.test(fields[0] ?? "")) {
    throw new ConfigError(healScheduleSetting, `the seconds field must be one number (e.g. 0), not ${JSON.stringify(fields[0])}: a sweep runs at most once a minute.`);
  }
  return fields.join(" ");
}

function readAccessPackageIds(settings: SettingReader): string[] {
  const text = settings.optionalString(healAccessPackageIdsSetting);
  if (text === undefined) return [];
  const ids: string[] = [];
  for (const [index, raw] of text.split(",").entries()) {
    const id = raw.trim().toLowerCase();
    if (!isCanonicalGuid(id)) {
      throw new ConfigError(healAccessPackageIdsSetting, `item ${index + 1} (${JSON.stringify(raw.trim().slice(0, 64))}) is not a GUID; expected comma-separated access package ids such as d82eb508-acc4-43cc-bcf1-7c1c4a2c073b.`);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > maxHealAccessPackages) {
    throw new ConfigError(healAccessPackageIdsSetting, `lists ${ids.length} access packages; at most ${maxHealAccessPackages}. Use POST /api/reprocess with catalogId for a bulk run.`);
  }
  return ids;
}

/**
 * The heal sweep's settings. A sweep only enqueues, so a schedule without a Service Bus connection
 * is refused here rather than discovered as a failed run every night.
 */
export function readHealConfig(settings: SettingReader, serviceBusConfigured: boolean): HealConfig {
  const schedule = readSchedule(settings);
  if (schedule !== undefined && !serviceBusConfigured) {
    throw new ConfigError(healScheduleSetting, "is set but ServiceBusConnection is not: the sweep works through the reprocess queue. Set the connection, or leave HEAL_SCHEDULE empty.");
  }
  return {
    schedule,
    lookbackDays: settings.integer(healLookbackDaysSetting, { defaultValue: defaultHealLookbackDays, min: 14, max: 400 }),
    accessPackageIds: readAccessPackageIds(settings),
  };
}
