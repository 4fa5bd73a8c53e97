import type { HttpHandler } from "@azure/functions";
import { afterAll, beforeAll } from "vitest";
import { loadAppConfig } from "../../src/config/appConfig";
import { createReprocessAssignmentHttpHandler } from "../../src/functions/reprocessAssignmentHttp";
import { noTelemetry } from "../../src/telemetry/telemetry";
import type { EmulatedAssignment } from "./emulatedAssignment";
import type { GraphEmulator } from "./graphEmulator";
import { startGraphTestBed, type GraphTestBed } from "./graphTestBed";
import { useUnhandledErrorCount } from "./useUnhandledErrorCount";

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
  let started: { readonly bed: GraphTestBed; readonly handler: HttpHandler } | undefined;
  const current = (): { readonly bed: GraphTestBed; readonly handler: HttpHandler } => {
    if (started === undefined) throw new Error("The webhook test bed is used outside a test of the describe that set it up.");
    return started;
  };

  beforeAll(async () => {
    // No inline retries: each injected fault decides the outcome at once, which keeps 1,000 runs
    // fast. No fault these tests inject is a delay, so a generous per-attempt timeout costs nothing
    // and keeps a loaded machine from turning a slow answer into a 503.
    const bed = await startGraphTestBed({ emulator: { assignments }, graph: { maxInlineRetries: 0, requestTimeoutMs: 10_000 }, checkStateFirst: true });
    const config = loadAppConfig({ GRAPH_CLOUD: "Global", GRAPH_CREDENTIAL: "azureCli" });
    started = { bed, handler: createReprocessAssignmentHttpHandler({ reprocessor: bed.reprocessor, telemetry: noTelemetry, config }) };
  });
  afterAll(async () => started?.bed.close());

  return {
    get emulator() {
      return current().bed.emulator;
    },
    get handler() {
      return current().handler;
    },
    unhandled,
  };
}
