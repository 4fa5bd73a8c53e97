import type { TextSink } from "../../src/cli/cliCommand";

/** A TextSink that keeps what was written, optionally pretending to be a terminal. */
export class TextBuffer implements TextSink {
  text = "";

  constructor(
    readonly isTTY = false,
    readonly columns = 80,
  ) {}

  write(chunk: string): void {
    this.text += chunk;
  }
}
