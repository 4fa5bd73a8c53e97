import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "./cliCommand";
import { closestName } from "./closestName";

/** Flags every command accepts, spelled and explained once. */
export const commonOptions = {
  cloud: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const commonOptionsHelp = `  --cloud <name>        Global, USGov (L4, GCC High), USGovDoD (L5) or China; overrides GRAPH_CLOUD.
  -h, --help            This help.`;

/**
 * node:util parseArgs, strict, with `--no-<flag>` for booleans; its errors become UsageErrors so
 * every command reports a bad flag the same way (exit code 2).
 */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS_")) {
      throw new UsageError(error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? unknownOptionMessage(error.message, options) : error.message, { cause: error });
    }
    throw error;
  }
}

/** Every spelling a command accepts: `--name`, `--no-name` for a boolean, `-x` for a short one. */
function spellings(options: ParseArgsOptionsConfig): string[] {
  return Object.entries(options).flatMap(([name, option]) => [
    `--${name}`,
    ...(option.type === "boolean" ? [`--no-${name}`] : []),
    ...(option.short === undefined ? [] : [`-${option.short}`]),
  ]);
}

/**
 * Node names the unknown option and suggests `--` for a positional that starts with a dash; a
 * mistyped flag is far likelier, so name the closest real one (`Did you mean '--wait'?`) instead.
 */
function unknownOptionMessage(nodeMessage: string, options: ParseArgsOptionsConfig): string {
  const typed = /Unknown option '([^']+)'/.exec(nodeMessage)?.[1];
  if (typed === undefined) return nodeMessage;
  const suggestion = closestName(typed.split("=")[0] ?? typed, spellings(options));
  return suggestion === undefined ? `Unknown option '${typed}'.` : `Unknown option '${typed}'. Did you mean '${suggestion}'?`;
}

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
