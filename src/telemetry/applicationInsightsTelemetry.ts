import { SpanKind, SpanStatusCode, type Attributes, type Counter, type Histogram, type Meter, type Tracer } from "@opentelemetry/api";
// Type-only: the heavy package is loaded by startApplicationInsights, and only when configured.
import type { TelemetryClient } from "applicationinsights";
import type { GraphCallRecord } from "../graph/graphClient";
import type { HealSweepEvent, OutcomeEvent, QueueActionEvent, Telemetry, VerificationEvent } from "../core/telemetry";
import { graphDependencyNamePrefix, graphDurationMetricName, healSweepEventName, outcomeEventName, outcomeMetricName, queueActionEventName, verificationEventName } from "./telemetryNames";

export interface ApplicationInsightsTelemetryOptions {
  /** Custom events go through the classic client: it writes App Insights' own EventData. */
  readonly events: Pick<TelemetryClient, "trackEvent">;
  readonly tracer: Tracer;
  readonly meter: Meter;
}

/** Only defined values become dimensions: an absent id must not show up as "undefined". */
function definedProperties(values: Readonly<Record<string, string | number | undefined>>): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      properties[key] = String(value);
    }
  }
  return properties;
}

/**
 * The Telemetry port on Application Insights. Everything is recorded in the active OpenTelemetry
 * context, so an invocation run through withInvocationTraceContext gets its operation id on every
 * event and dependency. Items carry ids, codes and counts only: never a URL query, header or body.
 */
export class ApplicationInsightsTelemetry implements Telemetry {
  readonly #events: Pick<TelemetryClient, "trackEvent">;
  readonly #tracer: Tracer;
  readonly #outcomes: Counter;
  readonly #graphDuration: Histogram;

  constructor(options: ApplicationInsightsTelemetryOptions) {
    this.#events = options.events;
    this.#tracer = options.tracer;
    this.#outcomes = options.meter.createCounter(outcomeMetricName, { description: "Reprocess requests that reached an outcome." });
    this.#graphDuration = options.meter.createHistogram(graphDurationMetricName, { unit: "ms", description: "Logical Graph calls, inline retries included." });
  }

  trackOutcome(event: OutcomeEvent): void {
    this.#events.trackEvent({
      name: outcomeEventName,
      properties: definedProperties({
        assignmentId: event.assignmentId,
        assignmentRequestId: event.assignmentRequestId,
        requestId: event.requestId,
        outcome: event.outcome,
        httpStatus: event.httpStatus,
        attempt: event.attempt,
        source: event.source,
        cloud: event.cloud,
        graphRequestId: event.graphRequestId,
        clientRequestId: event.clientRequestId,
        callerObjectId: event.caller?.objectId,
        callerAppId: event.caller?.appId,
      }),
      measurements: { durationMs: event.durationMs },
    });
    // Low-cardinality dimensions only: ids would make one time series per assignment.
    this.#outcomes.add(1, { outcome: event.outcome, source: event.source, cloud: event.cloud });
  }

  trackGraphCall(record: GraphCallRecord): void {
    const endTime = Date.now();
    const attributes: Attributes = {
      // HTTP semantic attributes are what make the exporter fill in type Http, target and result
      // code; with no url.full it keeps the span name, so the operation stays the dependency name.
      "http.request.method": record.method,
      "server.address": record.host,
      ...definedProperties({
        operation: record.operation,
        retries: record.retries,
        graphRequestId: record.ids.requestId,
        clientRequestId: record.ids.clientRequestId,
        errorCode: record.errorCode,
      }),
    };
    if (record.status !== undefined) {
      attributes["http.response.status_code"] = record.status;
    }
    const span = this.#tracer.startSpan(`${graphDependencyNamePrefix}${record.operation}`, { kind: SpanKind.CLIENT, startTime: endTime - record.durationMs, attributes });
    span.setStatus({ code: record.succeeded ? SpanStatusCode.OK : SpanStatusCode.ERROR });
    span.end(endTime);
    this.#graphDuration.record(record.durationMs, { operation: record.operation, resultCode: String(record.status ?? record.errorCode ?? "none") });
  }

  trackQueueAction(event: QueueActionEvent): void {
    const measurements: Record<string, number> = {};
    if (event.delayMs !== undefined) measurements.delayMs = event.delayMs;
    if (event.count !== undefined) measurements.count = event.count;
    if (event.skipped !== undefined) measurements.skipped = event.skipped;
    this.#events.trackEvent({
      name: queueActionEventName,
      properties: definedProperties({
        action: event.action,
        source: event.source,
        messageId: event.messageId,
        assignmentId: event.assignmentId,
        assignmentRequestId: event.assignmentRequestId,
        reason: event.reason,
        attempt: event.attempt,
        callerObjectId: event.caller?.objectId,
        callerAppId: event.caller?.appId,
      }),
      measurements,
    });
  }

  trackHealSweep(event: HealSweepEvent): void {
    // Ids and names are dimensions; the counts are measurements, so a query can sum them.
    if (event.phase === "started") {
      this.#events.trackEvent({
        name: healSweepEventName,
        properties: { phase: event.phase, sweepId: event.sweepId, slot: event.slot, slotSource: event.slotSource, isPastDue: String(event.isPastDue) },
        measurements: { enqueued: event.enqueued, accessPackages: event.accessPackages },
      });
      return;
    }
    this.#events.trackEvent({
      name: healSweepEventName,
      properties: { phase: event.phase, sweepId: event.sweepId, state: event.state, page: String(event.page), lastPage: String(event.lastPage), lateList: String(event.lateList) },
      measurements: { found: event.found, enqueued: event.enqueued, skippedPastWindow: event.skippedPastWindow, skippedInvalidId: event.skippedInvalidId },
    });
  }

  trackVerification(event: VerificationEvent): void {
    this.#events.trackEvent({
      name: verificationEventName,
      properties: definedProperties({
        outcome: event.outcome,
        target: event.target,
        assignmentId: event.assignmentId,
        assignmentRequestId: event.assignmentRequestId,
        state: event.state,
        source: event.source,
        cloud: event.cloud,
        requestId: event.requestId,
        graphRequestId: event.graphRequestId,
        clientRequestId: event.clientRequestId,
      }),
      measurements: { attempts: event.attempts, ...(event.elapsedMs === undefined ? {} : { elapsedMs: event.elapsedMs }) },
    });
  }
}
