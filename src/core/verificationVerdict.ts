import type { VerificationConfig } from "../config/verificationConfig";
import type { DeliveryStatus } from "./deliveryStatusReader";
import type { VerificationOutcome } from "./telemetry";
import { nextCheckDelayMs } from "./verificationSchedule";

export interface VerificationVerdictInput {
  readonly status: DeliveryStatus;
  /** This read's number, from 1. */
  readonly check: number;
  /** Undefined when verification was turned off after this message was sent. */
  readonly config: VerificationConfig | undefined;
  readonly reprocessedAtMs: number | undefined;
}

/** What one read of a verified item calls for. Outcomes are values; the processor does the sending. */
export type VerificationVerdict =
  | { readonly kind: "delivered" }
  /** Still on its way: read again `delayMs` from now. */
  | { readonly kind: "checkAgain"; readonly delayMs: number }
  /** Still on its way, verification turned off since: stop reading, park nothing. */
  | { readonly kind: "stopped" }
  | { readonly kind: "park"; readonly outcome: Exclude<VerificationOutcome, "delivered">; readonly description: string };

function subject(status: DeliveryStatus): string {
  return `${status.target === "assignment" ? "Assignment" : "Assignment request"} ${status.id}`;
}

function since(reprocessedAtMs: number | undefined): string {
  return reprocessedAtMs === undefined ? "Graph accepted its reprocess" : `Graph accepted its reprocess at ${new Date(reprocessedAtMs).toISOString()}`;
}

function stateText(status: DeliveryStatus): string {
  return `'${status.state}'${status.status === undefined ? "" : ` (status '${status.status}')`}`;
}

export function verificationVerdict(input: VerificationVerdictInput): VerificationVerdict {
  const { status, check, config, reprocessedAtMs } = input;
  const reads = `read ${check} time${check === 1 ? "" : "s"}`;
  switch (status.delivery) {
    case "delivered":
      return { kind: "delivered" };
    case "notDelivered":
      return {
        kind: "park",
        outcome: "stillFailing",
        description: `notDeliveredAfterReprocess: ${subject(status)} is in state ${stateText(status)} after ${since(reprocessedAtMs)} (${reads}). Fix the cause (a deleted group or site, a missing licence, a policy), then reprocess it again; 'parked replay' only reads its state again.`,
      };
    case "inProgress": {
      if (config === undefined) return { kind: "stopped" };
      const delayMs = nextCheckDelayMs(check, config);
      if (delayMs !== undefined) return { kind: "checkAgain", delayMs };
      return {
        kind: "park",
        outcome: "gaveUp",
        description: `notDeliveredAfterReprocess: ${subject(status)} is still in state ${stateText(status)} after ${since(reprocessedAtMs)} (${reads}, the last within REPROCESS_VERIFY_MAX_MS = ${config.maxMs} ms). 'parked replay' reads it again with a fresh bound.`,
      };
    }
  }
}
