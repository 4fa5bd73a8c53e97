import type { Caller } from "../auth/accessTokenCheck";
import type { Telemetry } from "../core/telemetry";

/**
 * The telemetry port, with the authenticated caller added to every event an HTTP request causes
 * itself: its outcome, and its queue actions (the batch route records only an enqueue; a webhook
 * its verify's enqueue or verifyNotSent). Graph
 * calls, heal sweeps and verifications carry no caller: they are not one request's events.
 */
export function telemetryForCaller(telemetry: Telemetry, caller: Caller): Telemetry {
  return {
    trackOutcome: (event) => {
      telemetry.trackOutcome({ ...event, caller });
    },
    trackGraphCall: (record) => {
      telemetry.trackGraphCall(record);
    },
    trackQueueAction: (event) => {
      telemetry.trackQueueAction({ ...event, caller });
    },
    trackHealSweep: (event) => {
      telemetry.trackHealSweep(event);
    },
    trackVerification: (event) => {
      telemetry.trackVerification(event);
    },
  };
}
