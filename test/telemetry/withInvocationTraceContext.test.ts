import type { InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { withInvocationTraceContext } from "../../src/telemetry/withInvocationTraceContext";
import { createInvocationContext } from "../support/host/functionInvocation";

// Correlation itself is proven on the wire (applicationInsightsTelemetry.test.ts): it needs the
// process-global SDK, which this process never sets up. Here: the wrapper is transparent.
describe("withInvocationTraceContext", () => {
  const traceParent = `00-${"a".repeat(32)}-${"b".repeat(16)}-01`;

  it("hands the handler the trigger and context it was invoked with and returns its result", async () => {
    const { context } = createInvocationContext({ traceContext: { traceParent, traceState: "k=v" } });
    const seen: [unknown, InvocationContext][] = [];
    const wrapped = withInvocationTraceContext((trigger: { id: string }, invocation: InvocationContext) => {
      seen.push([trigger, invocation]);
      return Promise.resolve(`done ${trigger.id}`);
    });
    await expect(wrapped({ id: "x" }, context)).resolves.toBe("done x");
    expect(seen).toEqual([[{ id: "x" }, context]]);
  });

  it("calls the handler when the host passed no trace context", () => {
    const { context } = createInvocationContext();
    expect(withInvocationTraceContext((trigger: number) => trigger + 1)(1, context)).toBe(2);
  });

  it("lets the handler's error reach the caller", async () => {
    const { context } = createInvocationContext({ traceContext: { traceParent } });
    const wrapped = withInvocationTraceContext(() => Promise.reject(new RangeError("boom")));
    await expect(wrapped(undefined, context)).rejects.toThrow(RangeError);
  });
});
