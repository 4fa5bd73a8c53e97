import type { Caller } from "../auth/accessTokenCheck";
import type { Telemetry } from "../core/telemetry";

/** The telemetry port, with the authenticated caller added to every outcome it records. */
export function telemetryForCaller(telemetry: Telemetry, caller: Caller): Telemetry {
  return {
    trackOutcome: (event) => {
      telemetry.trackOutcome({ ...event, caller });
    },
    trackGraphCall: (record) => {
      telemetry.trackGraphCall(record);
    },
    trackQueueAction: (event) => {
      telemetry.trackQueueAction(event);
    },
    trackHealSweep: (event) => {
      telemetry.trackHealSweep(event);
    },
    trackVerification: (event) => {
      telemetry.trackVerification(event);
    },
  };
}
