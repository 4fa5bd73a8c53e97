import { exponentialBackoffMs, type BackoffOptions } from "../shared/backoff";
import type { GraphRequestIds } from "../graph/graphError";
import type { ParkReason } from "../queue/parkReason";
import type { ProcessingResult } from "./processingResult";

/** What to do with a message once handled; the host completes it in every case. */
export type Settlement =
  | { readonly action: "complete" }
  /** Send a copy that is attempt `attempt`, enqueued `delayMs` from now. */
  | { readonly action: "schedule"; readonly attempt: number; readonly delayMs: number }
  | {
      readonly action: "park";
      readonly reason: ParkReason;
      readonly description: string;
      readonly lastStatus: number | undefined;
      readonly graph: GraphRequestIds | undefined;
    };

export interface SettlementPolicyOptions {
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  readonly random?: () => number;
}

/**
 * Service Bus redelivers a failed message at once, so waiting is done by scheduling a copy:
 * as long as Graph asked (Retry-After) and never less than the capped backoff, which spreads out
 * messages throttled together.
 */
export function decideSettlement(result: ProcessingResult, attempt: number, options: SettlementPolicyOptions): Settlement {
  switch (result.kind) {
    case "done":
      return { action: "complete" };
    case "permanent":
      return { action: "park", reason: result.reason, description: result.description, lastStatus: result.lastStatus, graph: result.graph };
    case "transient": {
      if (attempt >= options.maxAttempts) {
        return {
          action: "park",
          reason: "attemptsExhausted",
          description: `Gave up after ${attempt} attempts: ${result.description}`,
          lastStatus: result.lastStatus,
          graph: result.graph,
        };
      }
      const backoffMs = exponentialBackoffMs(attempt, options.backoff, options.random);
      return { action: "schedule", attempt: attempt + 1, delayMs: Math.max(result.retryAfterMs ?? 0, backoffMs) };
    }
  }
}
