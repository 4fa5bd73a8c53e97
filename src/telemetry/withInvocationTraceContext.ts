import type { InvocationContext } from "@azure/functions";
import { context as otelContext, propagation, ROOT_CONTEXT } from "@opentelemetry/api";

/** The shape of every v4 trigger handler: the trigger's payload, then the invocation context. */
export type InvocationHandler<TTrigger, TResult> = (trigger: TTrigger, context: InvocationContext) => TResult;

/**
 * Runs a handler inside the trace context the Functions host passed to this invocation, so every
 * event and dependency it records carries the invocation's operation id. Adapters wrap their
 * handler with it where they register it: `handler: withInvocationTraceContext(createXHandler(...))`.
 * Without Application Insights the OpenTelemetry API is a no-op and this just calls the handler.
 */
export function withInvocationTraceContext<TTrigger, TResult>(handler: InvocationHandler<TTrigger, TResult>): InvocationHandler<TTrigger, TResult> {
  return (trigger, context) => {
    const traceParent = context.traceContext?.traceParent;
    if (traceParent === undefined || traceParent === "") {
      return handler(trigger, context);
    }
    const traceState = context.traceContext?.traceState;
    const carrier: Record<string, string> = traceState === undefined || traceState === "" ? { traceparent: traceParent } : { traceparent: traceParent, tracestate: traceState };
    // From ROOT, not the active context: an invocation never inherits another one's trace.
    const invocationContext = propagation.extract(ROOT_CONTEXT, carrier);
    return otelContext.with(invocationContext, () => handler(trigger, context));
  };
}
