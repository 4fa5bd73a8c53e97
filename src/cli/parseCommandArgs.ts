import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "./cliCommand";

/**
 * node:util parseArgs, strict, with `--no-<flag>` for booleans; its errors become UsageErrors so
 * every command reports a bad flag the same way (exit code 2).
 */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS_")) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}
