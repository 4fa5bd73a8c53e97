import type { HttpHandler } from "@azure/functions";
import { beforeAll } from "vitest";
import { createReprocessAssignmentHttpHandler } from "../../../src/functions/reprocessAssignmentHttp";
import { noTelemetry } from "../../../src/core/telemetry";
import type { EmulatedAssignment } from "./emulatedAssignment";
import type { GraphEmulator } from "./graphEmulator";
import { useGraphTestBed } from "./useGraphTestBed";
import { useUnhandledErrorCount } from "../useUnhandledErrorCount";

export interface WebhookTestBedFixture {
  /** The Graph emulator behind the webhook, seeded with the assignments given. */
  readonly emulator: GraphEmulator;
  /** The webhook's handler as the host calls it, over the production Graph client and core. */
  readonly handler: HttpHandler;
  /** Unhandled rejections and uncaught exceptions in this process since the describe started. */
  unhandled(): number;
}

/**
 * The webhook (POST /api/assignments/{id}/reprocess) against the Graph emulator for a describe
 * that throws many generated requests at it, started once for all of them.
 */
export function useWebhookTestBed(assignments: readonly EmulatedAssignment[]): WebhookTestBedFixture {
  const unhandled = useUnhandledErrorCount();
  // No inline retries: each injected fault decides the outcome at once, which keeps 1,000 runs
  // fast. No fault these tests inject is a delay, so a generous per-attempt timeout costs nothing
  // and keeps a loaded machine from turning a slow answer into a 503.
  const bed = useGraphTestBed({ emulator: { assignments }, graph: { maxInlineRetries: 0, requestTimeoutMs: 10_000 }, checkStateFirst: true });
  let handler: HttpHandler | undefined;

  beforeAll(() => {
    handler = createReprocessAssignmentHttpHandler({ reprocessor: bed.reprocessor, telemetry: noTelemetry, cloud: "Global" });
  });

  return {
    get emulator() {
      return bed.emulator;
    },
    get handler() {
      if (handler === undefined) throw new Error("The webhook test bed is used outside a test of the describe that set it up.");
      return handler;
    },
    unhandled,
  };
}
