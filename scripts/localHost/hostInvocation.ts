import { randomBytes, randomUUID } from "node:crypto";
import { InvocationContext, type InvocationContextInit } from "@azure/functions";
import { formatWithOptions } from "node:util";

/** Where the local host writes its lines: stdout in `npm start`, a buffer in tests. */
export type LineWriter = (line: string) => void;

/** A fresh W3C traceparent, as the host gives every invocation its own operation. */
function newTraceParent(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`;
}

export interface HostInvocationContextOptions {
  readonly functionName: string;
  readonly trigger: { readonly type: string; readonly name: string };
  readonly triggerMetadata?: InvocationContextInit["triggerMetadata"];
  readonly write: LineWriter;
}

/**
 * A real InvocationContext as the worker builds one: an invocation id, the function's name, a
 * trace context, the trigger's metadata; what the function logs goes out prefixed with its name
 * (trace and debug dropped, as host.json's "Function": "Information" does).
 */
export function createHostInvocationContext(options: HostInvocationContextOptions): InvocationContext {
  const { functionName, trigger, triggerMetadata, write } = options;
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    traceContext: { traceParent: newTraceParent(), traceState: "", attributes: {} },
    ...(triggerMetadata === undefined ? {} : { triggerMetadata }),
    options: { trigger: { ...trigger }, extraInputs: [], extraOutputs: [] },
    logHandler: (level, ...args) => {
      if (level === "trace" || level === "debug") return;
      write(`  [${functionName}] ${level}: ${formatWithOptions({ breakLength: Infinity, compact: true }, ...args)}`);
    },
  });
}

/** The one line per invocation: function, what triggered it, the outcome, the duration. */
export function invocationLine(functionName: string, trigger: string, outcome: string, durationMs: number): string {
  return `${functionName} (${trigger}) -> ${outcome} in ${Math.round(durationMs)} ms`;
}
