#!/usr/bin/env node
// The `entra-reprocess` executable (package.json "bin"): wires the real process to runCli.
import { addAbortSignal } from "node:stream";
import { text } from "node:stream/consumers";
import { exitCode } from "./cliCommand";
import { runCli } from "./runCli";

const interrupt = new AbortController();
// First Ctrl+C: stop starting work, cancel calls in flight, print what finished. Second: leave now.
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) {
    process.exit(exitCode.interrupted);
  }
  process.stderr.write("\nInterrupted: cancelling (Ctrl+C again to quit at once)...\n");
  interrupt.abort();
});

runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: (abortSignal) => text(addAbortSignal(abortSignal, process.stdin)),
  abortSignal: interrupt.signal,
}).then(
  (code) => {
    // exitCode, not exit(): a piped stdout still has results to flush.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`entra-reprocess: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = exitCode.someFailed;
  },
);
