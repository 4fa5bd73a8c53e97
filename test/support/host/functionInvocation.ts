import { randomUUID } from "node:crypto";
import { HttpRequest, HttpResponse, InvocationContext, type HttpHandler, type HttpRequestInit, type InvocationContextInit } from "@azure/functions";

export interface CapturedLog {
  readonly level: string;
  readonly text: string;
}

export interface InvocationResult {
  readonly response: HttpResponse;
  readonly logs: readonly CapturedLog[];
}

/** A real InvocationContext whose log lines are kept (as text) for assertions. */
export function createInvocationContext(init: Omit<InvocationContextInit, "logHandler"> = {}): { context: InvocationContext; logs: CapturedLog[] } {
  const logs: CapturedLog[] = [];
  const context = new InvocationContext({
    invocationId: randomUUID(),
    functionName: "test",
    ...init,
    logHandler: (level, ...args) => {
      logs.push({ level, text: args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value)))).join(" ") });
    },
  });
  return { context, logs };
}

/** Calls an HTTP handler the way the host does and turns its answer into a real HttpResponse. */
export async function invokeHttp(handler: HttpHandler, request: HttpRequestInit): Promise<InvocationResult> {
  const { context, logs } = createInvocationContext({ functionName: "http" });
  const init = await handler(new HttpRequest({ method: "POST", url: "http://localhost:7071/api/test", ...request }), context);
  return { response: init instanceof HttpResponse ? init : new HttpResponse(init), logs };
}
