import { ConfigError } from "./configError";
import type { SettingReader } from "./settingReader";

/** When and how long the queue path reads an accepted item's state until it is delivered. */
export interface VerificationConfig {
  /** First read this long after Graph's 202; later reads double the gap up to `maxIntervalMs`. */
  readonly afterMs: number;
  /** No read is scheduled later than this after the 202: an item still on its way then is parked. */
  readonly maxMs: number;
  /** The longest gap between two reads. */
  readonly maxIntervalMs: number;
}

/**
 * 5 minutes: the platform delivers group and app role changes in seconds to a few minutes, so the
 * first read usually finds the item delivered (one Graph read per accepted item), and an operator
 * hears of a failure within minutes rather than at the next day's heal sweep.
 */
export const defaultVerifyAfterMs = 5 * 60 * 1000;

/**
 * 6 hours: the platform retries a failed delivery for several hours (the admin center's
 * troubleshooting page), so an item still delivering after that is not going to deliver by itself.
 */
export const defaultVerifyMaxMs = 6 * 60 * 60 * 1000;

const maxIntervalMs = 60 * 60 * 1000;

/** REPROCESS_VERIFY_AFTER_MS (0 turns verification off: undefined) and REPROCESS_VERIFY_MAX_MS. */
export function readVerificationConfig(settings: SettingReader): VerificationConfig | undefined {
  const afterMs = settings.integer("REPROCESS_VERIFY_AFTER_MS", { defaultValue: defaultVerifyAfterMs, min: 0, max: 86_400_000 });
  const maxMs = settings.integer("REPROCESS_VERIFY_MAX_MS", { defaultValue: defaultVerifyMaxMs, min: 1_000, max: 7 * 86_400_000 });
  if (afterMs === 0) return undefined;
  if (maxMs < afterMs) {
    throw new ConfigError("REPROCESS_VERIFY_MAX_MS", `${maxMs} is below REPROCESS_VERIFY_AFTER_MS (${afterMs}); the bound must leave room for the first read.`);
  }
  return { afterMs, maxMs, maxIntervalMs: Math.max(maxIntervalMs, afterMs) };
}
