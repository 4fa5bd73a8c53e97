import { UsageError } from "./cliCommand";

export interface IntegerFlagOptions {
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

/** A whole-number flag, validated with a message naming it and its range. */
export function integerFlag(flag: string, value: string | undefined, options: IntegerFlagOptions): number {
  if (value === undefined) {
    return options.defaultValue;
  }
  const parsed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < options.min || parsed > options.max) {
    throw new UsageError(`--${flag} must be a whole number from ${options.min} to ${options.max}, not ${JSON.stringify(value)}.`);
  }
  return parsed;
}
