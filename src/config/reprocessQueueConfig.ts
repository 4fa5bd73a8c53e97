import type { BackoffOptions } from "../shared/backoff";
import { ConfigError } from "./configError";
import type { SettingReader } from "./settingReader";
import { readVerificationConfig, type VerificationConfig } from "./verificationConfig";

export interface ReprocessQueueConfig {
  /** The queue the trigger listens on (`%REPROCESS_QUEUE_NAME%`) and producers send to. */
  readonly queueName: string;
  /** Where messages that will not succeed by waiting are parked for an operator. */
  readonly parkedQueueName: string;
  /** Attempts (the first included) before a transient failure is parked instead of rescheduled. */
  readonly maxAttempts: number;
  /** Delay of a rescheduled copy, unless Graph's Retry-After asks for longer. */
  readonly retryBackoff: BackoffOptions;
  /** Reading an accepted item's state until it is delivered; undefined when REPROCESS_VERIFY_AFTER_MS is 0. */
  readonly verification: VerificationConfig | undefined;
}

// Service Bus: letters, digits, period, hyphen, underscore, slash; starting and ending with a
// letter or digit; at most 260 characters.
const queueNamePattern = /^[A-Za-z0-9]([A-Za-z0-9._/-]{0,258}[A-Za-z0-9])?$/;

function readQueueName(settings: SettingReader, setting: string, defaultValue: string): string {
  const name = settings.optionalString(setting) ?? defaultValue;
  if (!queueNamePattern.test(name)) {
    throw new ConfigError(setting, `${JSON.stringify(name)} is not a Service Bus queue name: letters, digits, . - _ / only, starting and ending with a letter or digit, at most 260 characters.`);
  }
  return name;
}

export function readReprocessQueueConfig(settings: SettingReader): ReprocessQueueConfig {
  const queueName = readQueueName(settings, "REPROCESS_QUEUE_NAME", "reprocess");
  const parkedQueueName = readQueueName(settings, "REPROCESS_PARKED_QUEUE_NAME", "reprocess-parked");
  // Queue names are case-insensitive; parking into the work queue would retry forever.
  if (parkedQueueName.toLowerCase() === queueName.toLowerCase()) {
    throw new ConfigError("REPROCESS_PARKED_QUEUE_NAME", `must differ from REPROCESS_QUEUE_NAME (${queueName}): parked messages would be processed again.`);
  }
  const maxAttempts = settings.integer("REPROCESS_MAX_ATTEMPTS", { defaultValue: 10, min: 1, max: 100 });
  const baseDelayMs = settings.integer("REPROCESS_RETRY_BASE_DELAY_MS", { defaultValue: 30_000, min: 100, max: 3_600_000 });
  const maxDelayMs = settings.integer("REPROCESS_RETRY_MAX_DELAY_MS", { defaultValue: 900_000, min: 100, max: 86_400_000 });
  if (maxDelayMs < baseDelayMs) {
    throw new ConfigError("REPROCESS_RETRY_MAX_DELAY_MS", `${maxDelayMs} is below REPROCESS_RETRY_BASE_DELAY_MS (${baseDelayMs}); the cap must be at least the base delay.`);
  }
  return { queueName, parkedQueueName, maxAttempts, retryBackoff: { baseDelayMs, maxDelayMs }, verification: readVerificationConfig(settings) };
}
