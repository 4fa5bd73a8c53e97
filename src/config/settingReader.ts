import { ConfigError } from "./configError";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface IntegerSettingOptions {
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

/** Typed, validating access to string settings; every failure names the setting. */
export class SettingReader {
  readonly #env: Environment;

  constructor(env: Environment) {
    this.#env = env;
  }

  optionalString(setting: string): string | undefined {
    const value = this.#env[setting]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  requiredString(setting: string, hint: string): string {
    const value = this.optionalString(setting);
    if (value === undefined) {
      throw new ConfigError(setting, `is required. ${hint}`);
    }
    return value;
  }

  oneOf<T extends string>(setting: string, accepted: readonly T[], defaultValue?: T): T {
    const value = this.optionalString(setting);
    if (value === undefined) {
      if (defaultValue !== undefined) {
        return defaultValue;
      }
      throw new ConfigError(setting, `is required; accepted values: ${accepted.join(", ")}.`);
    }
    const match = accepted.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      throw new ConfigError(setting, `${JSON.stringify(value)} is not accepted; accepted values: ${accepted.join(", ")}.`);
    }
    return match;
  }

  integer(setting: string, options: IntegerSettingOptions): number {
    const value = this.optionalString(setting);
    if (value === undefined) {
      return options.defaultValue;
    }
    if (!/^\d+$/.test(value)) {
      throw new ConfigError(setting, `${JSON.stringify(value)} is not a whole number; accepted: ${options.min} to ${options.max}.`);
    }
    const parsed = Number(value);
    if (parsed < options.min || parsed > options.max) {
      throw new ConfigError(setting, `${value} is out of range; accepted: ${options.min} to ${options.max}.`);
    }
    return parsed;
  }

  boolean(setting: string, defaultValue: boolean): boolean {
    const value = this.optionalString(setting)?.toLowerCase();
    if (value === undefined) {
      return defaultValue;
    }
    if (value === "true" || value === "1") {
      return true;
    }
    if (value === "false" || value === "0") {
      return false;
    }
    throw new ConfigError(setting, `${JSON.stringify(value)} is not a boolean; accepted values: true, false.`);
  }
}
