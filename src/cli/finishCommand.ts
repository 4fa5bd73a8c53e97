import { exitCode, type CliContext } from "./cliCommand";

export interface FinishCommandOptions {
  /** `--json` was given: stdout gets the document, and nothing else, so it can be piped to a parser. */
  readonly json: boolean;
  /** The `--json` document. A function, so a large run never builds the output it will not print. */
  readonly document: () => unknown;
  /** The report for a person, printed without `--json`; an empty string prints nothing. */
  readonly table: () => string;
  /** A closing line for a person: after the table, or on stderr when stdout holds the JSON. */
  readonly summary?: string;
  /** What went wrong, always on stderr, so a script sees it whichever output it asked for. */
  readonly failure?: string | undefined;
  /** Every item asked for ended well: exit 0 rather than 1. */
  readonly succeeded: boolean;
  /** Ctrl+C cut the run short; it outranks any failure, so a script can tell a stopped run from a failed one. */
  readonly interrupted?: boolean;
}

/** The common end of a command: print its results as a table or as JSON, then say which exit code they make. */
export function finishCommand(context: Pick<CliContext, "stdout" | "stderr">, options: FinishCommandOptions): number {
  const output = options.json ? `${JSON.stringify(options.document(), null, 2)}\n` : options.table();
  if (output !== "") context.stdout.write(output);
  if (options.summary !== undefined) (options.json ? context.stderr : context.stdout).write(options.summary);
  if (options.failure !== undefined) context.stderr.write(options.failure);
  if (options.interrupted === true) return exitCode.interrupted;
  return options.succeeded ? exitCode.ok : exitCode.someFailed;
}
