import type { TextSink } from "./cliCommand";

export interface ProgressSnapshot {
  readonly total: number;
  readonly settled: number;
  readonly accepted: number;
  /** Set while the pool waits out a Retry-After. */
  readonly resumeAtMs: number | undefined;
  readonly nowMs: number;
}

/** One line, e.g. `[########............] 12/30  10 accepted  2 other  waiting 4s (throttled)`. */
export function renderProgressLine(snapshot: ProgressSnapshot, columns: number): string {
  const counts = `${snapshot.settled}/${snapshot.total}  ${snapshot.accepted} accepted  ${snapshot.settled - snapshot.accepted} other`;
  const waitingMs = snapshot.resumeAtMs === undefined ? 0 : snapshot.resumeAtMs - snapshot.nowMs;
  const waiting = waitingMs > 0 ? `  waiting ${Math.ceil(waitingMs / 1000)}s (Graph asked to slow down)` : "";
  const barWidth = Math.max(10, Math.min(40, columns - counts.length - waiting.length - 4));
  const filled = snapshot.total === 0 ? barWidth : Math.round((snapshot.settled / snapshot.total) * barWidth);
  const line = `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${counts}${waiting}`;
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

const clearLine = "\r\u001b[2K";

/**
 * A progress line redrawn in place on a terminal (stderr, so stdout stays clean for the results).
 * On anything else it draws nothing: a log file full of carriage returns helps nobody.
 */
export class ProgressBar {
  readonly #sink: TextSink;
  readonly #now: () => number;
  readonly #enabled: boolean;
  #snapshot: Omit<ProgressSnapshot, "nowMs">;
  #timer: NodeJS.Timeout | undefined;

  constructor(sink: TextSink, total: number, now: () => number = () => Date.now()) {
    this.#sink = sink;
    this.#now = now;
    this.#enabled = sink.isTTY === true;
    this.#snapshot = { total, settled: 0, accepted: 0, resumeAtMs: undefined };
    if (this.#enabled) {
      // Redraws a countdown while the pool waits; unref'd so it never keeps the process alive.
      this.#timer = setInterval(() => {
        this.#draw();
      }, 500).unref();
      this.#draw();
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

  /** Removes the line, so what follows starts on a clean one. */
  stop(): void {
    clearInterval(this.#timer);
    if (this.#enabled) this.#sink.write(clearLine);
  }

  #draw(): void {
    if (!this.#enabled) return;
    this.#sink.write(`${clearLine}${renderProgressLine({ ...this.#snapshot, nowMs: this.#now() }, this.#sink.columns ?? 80)}`);
  }
}
