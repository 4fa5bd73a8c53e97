import type { CliContext } from "./cliContext";

/**
 * One subcommand. New ones (enqueue, parked list/replay) are a file exporting one of these plus a
 * line in cliCommands.ts; the dispatcher, help, error handling and exit codes come for free.
 */
export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Resolves to the exit code; throws UsageError or ConfigError for the dispatcher to report. */
  readonly run: (args: readonly string[], context: CliContext) => Promise<number>;
}
