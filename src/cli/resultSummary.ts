import type { ReprocessItemOutcome, ReprocessItemResult } from "./reprocessItemResult";

// Good news first, then what needs the operator, then what only needs time.
const outcomeOrder: readonly ReprocessItemOutcome[] = [
  "accepted",
  "wouldReprocess",
  "invalidId",
  "notFound",
  "notDelivered",
  "forbidden",
  "failed",
  "throttled",
  "unavailable",
  "cancelled",
];

export function countOutcomes(results: readonly ReprocessItemResult[]): ReadonlyMap<ReprocessItemOutcome, number> {
  const counts = new Map<ReprocessItemOutcome, number>();
  for (const outcome of outcomeOrder) {
    const count = results.filter((result) => result.outcome === outcome).length;
    if (count > 0) counts.set(outcome, count);
  }
  return counts;
}

/** e.g. `6 items: 2 accepted, 1 notDelivered, 1 notFound, 1 invalidId, 1 throttled`. */
export function formatSummary(results: readonly ReprocessItemResult[]): string {
  const parts = [...countOutcomes(results)].map(([outcome, count]) => `${count} ${outcome}`);
  return `${results.length} item${results.length === 1 ? "" : "s"}${parts.length === 0 ? "" : `: ${parts.join(", ")}`}\n`;
}
