import type { Environment } from "../config/settingReader";
import type { TextSink } from "./textSink";

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
