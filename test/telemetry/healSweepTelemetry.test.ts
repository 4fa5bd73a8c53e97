import { metrics, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { ApplicationInsightsTelemetry } from "../../src/telemetry/applicationInsightsTelemetry";

interface TrackedEvent {
  readonly name: string;
  readonly properties?: Record<string, unknown>;
  readonly measurements?: Record<string, number>;
}

function telemetryRecordingEvents(): { telemetry: ApplicationInsightsTelemetry; events: TrackedEvent[] } {
  const events: TrackedEvent[] = [];
  // The OpenTelemetry API without an SDK registered: a no-op tracer and meter, as before start-up.
  const telemetry = new ApplicationInsightsTelemetry({ events: { trackEvent: (event) => events.push(event) }, tracer: trace.getTracer("test"), meter: metrics.getMeter("test") });
  return { telemetry, events };
}

describe("ApplicationInsightsTelemetry.trackHealSweep", () => {
  it("records a started run as a HealSweep event with its slot as dimensions and its counts as measurements", () => {
    const { telemetry, events } = telemetryRecordingEvents();
    telemetry.trackHealSweep({ phase: "started", sweepId: "heal-20261207T030000Z", slot: "2026-12-07T03:00:00.000Z", slotSource: "scheduleStatus", isPastDue: true, enqueued: 3, accessPackages: 1 });
    expect(events).toEqual([
      {
        name: "HealSweep",
        properties: { phase: "started", sweepId: "heal-20261207T030000Z", slot: "2026-12-07T03:00:00.000Z", slotSource: "scheduleStatus", isPastDue: "true" },
        measurements: { enqueued: 3, accessPackages: 1 },
      },
    ]);
  });

  it("records a page with its state, page and lateness as dimensions and found, enqueued and skipped as measurements a query can sum", () => {
    const { telemetry, events } = telemetryRecordingEvents();
    telemetry.trackHealSweep({ phase: "page", sweepId: "heal-20261207T030000Z", state: "deliveryFailed", page: 2, found: 7, enqueued: 5, skippedPastWindow: 2, skippedInvalidId: 0, lastPage: true, lateList: false });
    expect(events).toEqual([
      {
        name: "HealSweep",
        properties: { phase: "page", sweepId: "heal-20261207T030000Z", state: "deliveryFailed", page: "2", lastPage: "true", lateList: "false" },
        measurements: { found: 7, enqueued: 5, skippedPastWindow: 2, skippedInvalidId: 0 },
      },
    ]);
  });

  it("records an outcome of an assignment request with the request id as a dimension", () => {
    const { telemetry, events } = telemetryRecordingEvents();
    telemetry.trackOutcome({ outcome: "notReprocessable", source: "heal", cloud: "Global", assignmentRequestId: "10000000-0000-4000-8000-000000000001", attempt: 1, clientRequestId: "c", durationMs: 5 });
    expect(events[0]?.properties).toMatchObject({ outcome: "notReprocessable", source: "heal", assignmentRequestId: "10000000-0000-4000-8000-000000000001" });
  });
});

describe("ApplicationInsightsTelemetry.trackQueueAction", () => {
  it("records a catalog page's skipped access packages as a measurement beside the count", () => {
    const { telemetry, events } = telemetryRecordingEvents();
    telemetry.trackQueueAction({ action: "enqueued", source: "expand", messageId: "sales:page:1", attempt: 1, count: 1, skipped: 1 });
    expect(events[0]?.measurements).toEqual({ count: 1, skipped: 1 });
  });

  it("records the caller of an HTTP request's queue action as dimensions", () => {
    const { telemetry, events } = telemetryRecordingEvents();
    telemetry.trackQueueAction({ action: "enqueued", source: "http", messageId: "batch-1", attempt: 1, count: 2, caller: { objectId: "oid", appId: "appid" } });
    expect(events[0]?.properties).toMatchObject({ callerObjectId: "oid", callerAppId: "appid" });
  });
});
