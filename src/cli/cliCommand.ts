import type { Environment } from "../config/settingReader";

/** The CLI's exit codes; scripts branch on them, so they never change meaning. */
export const exitCode = {
  /** Everything ended as asked: all accepted, granted or already granted. */
  ok: 0,
  /** Ran, but some items did not end `accepted` (or Graph refused the grant). */
  someFailed: 1,
  /** Nothing was attempted: a flag, a setting or the credential needs fixing first. */
  usageOrConfig: 2,
  /** Interrupted with Ctrl+C (128 + SIGINT), after printing what had finished. */
  interrupted: 130,
} as const;

/** The command line itself is wrong; the message names the flag or argument to fix. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Where the CLI writes: process.stdout / process.stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/** Everything a command touches outside itself, so it runs the same in a terminal and in a test. */
export interface CliContext {
  readonly env: Environment;
  /** Results only: tables and JSON, safe to pipe. */
  readonly stdout: TextSink;
  /** Progress, warnings and errors. */
  readonly stderr: TextSink;
  /** All of stdin, for `--file -`. */
  readonly readStdin: (abortSignal: AbortSignal) => Promise<string>;
  /** Fires on Ctrl+C. */
  readonly abortSignal: AbortSignal;
}

/**
 * One subcommand. New ones are a file exporting one of these plus a line in runCli.ts's
 * cliCommands; the dispatcher, help, error handling and exit codes come for free.
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

/** What a command's start needs to know: its help, and whether it takes positional arguments. */
export interface CommandStartOptions {
  readonly help: string;
  /**
   * Set for a command that takes no positional argument: what to do instead, appended to the
   * usage error (`unexpected argument "x"; <this>`).
   */
  readonly noPositionals?: string;
}

/** Flags as parseCommandArgs returns them, as far as every command's start reads them. */
export interface ParsedCommandLine {
  readonly values: { readonly help?: unknown };
  readonly positionals: readonly string[];
}

/**
 * The start every command shares, after parsing its flags: `--help` prints the command's help
 * and answers true (the command then exits 0 without doing anything), a stray positional argument
 * of a command that takes none is a UsageError. Written once so every command answers alike.
 */
export function printedHelp(parsed: ParsedCommandLine, options: CommandStartOptions, context: CliContext): boolean {
  if (parsed.values.help === true) {
    context.stdout.write(options.help);
    return true;
  }
  const [unexpected] = parsed.positionals;
  if (options.noPositionals !== undefined && unexpected !== undefined) {
    throw new UsageError(`unexpected argument ${JSON.stringify(unexpected)}${options.noPositionals === "" ? "." : `; ${options.noPositionals}`}`);
  }
  return false;
}
