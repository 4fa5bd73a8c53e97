// Names operators type into KQL queries and alert rules (see docs/telemetry-and-operations.md): renaming one
// silently breaks every saved query and alert, so they live here, once, and never change casually.

/** customEvents: one per reprocess request that reached an outcome, from any entry point. */
export const outcomeEventName = "AssignmentReprocessOutcome";

/** customEvents: the queue path scheduled a retry, parked a message or enqueued work. */
export const queueActionEventName = "AssignmentQueueAction";

/** customEvents: a heal sweep run started (phase started) or listed one page of requests (phase page). */
export const healSweepEventName = "HealSweep";

/** customEvents: how the verification of one accepted reprocess ended (delivered, stillFailing, gaveUp). */
export const verificationEventName = "AssignmentVerification";

/** customMetrics: a counter, one per outcome, dimensions outcome, source and cloud. */
export const outcomeMetricName = "AssignmentReprocessOutcomes";

/** customMetrics: milliseconds per logical Graph call (inline retries included). */
export const graphDurationMetricName = "GraphCallDuration";

/** dependencies: the logical Graph call is named `Graph <operation>`, e.g. `Graph reprocessAssignment`. */
export const graphDependencyNamePrefix = "Graph ";

/** The OpenTelemetry instrumentation scope of everything the app records itself. */
export const instrumentationScope = "entra-assignment-reprocessor";
