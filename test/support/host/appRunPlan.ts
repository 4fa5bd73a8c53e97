import type { OutcomeEvent, QueueActionEvent } from "../../../src/core/telemetry";
import type { CapturedLog } from "./functionInvocation";

/** One HTTP invocation of a registered function, as the host would make it. */
export interface HttpInvocationPlan {
  readonly functionName: string;
  readonly params: Readonly<Record<string, string>>;
  readonly traceParent: string;
  /** Default POST. */
  readonly method?: string;
  /** Default a URL under /api that no route matches: the handler does not read it unless told. */
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A stand-in for a queue invocation: a handler wrapped like an adapter, reporting through the port. */
export interface QueueInvocationPlan {
  readonly traceParent: string;
  readonly outcome: OutcomeEvent;
  readonly actions: readonly QueueActionEvent[];
}

/** What instrumentedAppChild.ts does, handed to it as JSON in APP_RUN_PLAN. */
export interface AppRunPlan {
  readonly http: readonly HttpInvocationPlan[];
  readonly queue: readonly QueueInvocationPlan[];
  /** Plain HTTPS GETs made after the invocations, as any instrumented outgoing call. */
  readonly probeUrls?: readonly string[];
  readonly resultFile: string;
}

export interface HttpInvocationResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface AppRunResult {
  /** Milliseconds from process start until the entry module had loaded. */
  readonly entryLoadedAtMs: number;
  readonly rssBytesAfterEntry: number;
  readonly applicationInsightsLoaded: boolean;
  readonly responses: readonly HttpInvocationResult[];
  readonly logs: readonly CapturedLog[];
}
