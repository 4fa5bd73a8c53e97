import { exitCode, type CliContext, type TextSink } from "./cliCommand";

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

/**
 * A plain-text table aligned for a terminal and still greppable in a log. The last column is left
 * ragged: a long description must not widen every other row. Whitespace inside a cell is folded,
 * so one row stays one line.
 */
export function formatTextTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headings, ...rows].map((row) => row.map((cell) => cell.replace(/\s+/g, " ")));
  const widths = headings.slice(0, -1).map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) => row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ").trimEnd());
  return `${lines.join("\n")}\n`;
}

export interface ProgressSnapshot {
  readonly total: number;
  readonly settled: number;
  readonly accepted: number;
  /** Set while the pool waits out a Retry-After. */
  readonly resumeAtMs: number | undefined;
  readonly nowMs: number;
}

/** One line, e.g. `[########............] 12/30  10 accepted  2 other  waiting 4s (throttled)`; `good` names the good end. */
export function renderProgressLine(snapshot: ProgressSnapshot, columns: number, good = "accepted"): string {
  const counts = `${snapshot.settled}/${snapshot.total}  ${snapshot.accepted} ${good}  ${snapshot.settled - snapshot.accepted} other`;
  const waitingMs = snapshot.resumeAtMs === undefined ? 0 : snapshot.resumeAtMs - snapshot.nowMs;
  const waiting = waitingMs > 0 ? `  waiting ${Math.ceil(waitingMs / 1000)}s (Graph asked to slow down)` : "";
  const barWidth = Math.max(10, Math.min(40, columns - counts.length - waiting.length - 4));
  const filled = snapshot.total === 0 ? barWidth : Math.round((snapshot.settled / snapshot.total) * barWidth);
  const line = `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${counts}${waiting}`;
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

const clearLine = "\r\u001b[2K";

/** One plain line for a log, e.g. `reprocess: 12/40 done (10 accepted, 2 other), waiting 4s (Graph asked to slow down)`. */
export function renderProgressLogLine(label: string, snapshot: ProgressSnapshot, good = "accepted"): string {
  const waitingMs = snapshot.resumeAtMs === undefined ? 0 : snapshot.resumeAtMs - snapshot.nowMs;
  const waiting = waitingMs > 0 ? `, waiting ${Math.ceil(waitingMs / 1000)}s (Graph asked to slow down)` : "";
  return `${label}: ${snapshot.settled}/${snapshot.total} done (${snapshot.accepted} ${good}, ${snapshot.settled - snapshot.accepted} other)${waiting}\n`;
}

export interface ProgressBarOptions {
  /** Names the run in a log line (`reprocess`, `heal`). */
  readonly label?: string;
  /** What the good end is called in the counts: `accepted` (default), `delivered` while waiting. */
  readonly good?: string;
  /** How often a non-terminal gets a line. Default 5 s. */
  readonly logIntervalMs?: number;
  readonly now?: () => number;
}

/** Often enough that a pipeline log is never silent for long, rarely enough that 40 ids are not 40 lines. */
const defaultLogIntervalMs = 5_000;

/**
 * Progress on stderr (stdout stays clean for the results). On a terminal, a bar redrawn in place.
 * On anything else (a pipe, a CI log, a file), one plain line every few seconds while the run
 * lasts, with done/total: no carriage returns, and never minutes of silence. A run shorter than the
 * interval writes no line at all.
 */
export class ProgressBar {
  readonly #sink: TextSink;
  readonly #now: () => number;
  readonly #terminal: boolean;
  readonly #label: string;
  readonly #good: string;
  #snapshot: Omit<ProgressSnapshot, "nowMs">;
  #timer: NodeJS.Timeout | undefined;

  constructor(sink: TextSink, total: number, options: ProgressBarOptions = {}) {
    this.#sink = sink;
    this.#now = options.now ?? (() => Date.now());
    this.#terminal = sink.isTTY === true;
    this.#label = options.label ?? "progress";
    this.#good = options.good ?? "accepted";
    this.#snapshot = { total, settled: 0, accepted: 0, resumeAtMs: undefined };
    // Unref'd: progress never keeps the process alive.
    if (this.#terminal) {
      // Redraws a countdown while the pool waits.
      this.#timer = setInterval(() => {
        this.#draw();
      }, 500).unref();
      this.#draw();
    } else {
      this.#timer = setInterval(() => {
        this.#sink.write(renderProgressLogLine(this.#label, { ...this.#snapshot, nowMs: this.#now() }, this.#good));
      }, options.logIntervalMs ?? defaultLogIntervalMs).unref();
    }
  }

  settled(accepted: boolean): void {
    this.#snapshot = { ...this.#snapshot, settled: this.#snapshot.settled + 1, accepted: this.#snapshot.accepted + (accepted ? 1 : 0) };
    this.#draw();
  }

  paused(resumeAtMs: number): void {
    this.#snapshot = { ...this.#snapshot, resumeAtMs };
    this.#draw();
  }

  /** Stops the timer; on a terminal, removes the line so what follows starts on a clean one. */
  stop(): void {
    clearInterval(this.#timer);
    if (this.#terminal) this.#sink.write(clearLine);
  }

  #draw(): void {
    if (!this.#terminal) return;
    this.#sink.write(`${clearLine}${renderProgressLine({ ...this.#snapshot, nowMs: this.#now() }, this.#sink.columns ?? 80, this.#good)}`);
  }
}
