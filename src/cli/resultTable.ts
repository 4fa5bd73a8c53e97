import type { ReprocessItemResult } from "./reprocessItemResult";

const headings = ["ASSIGNMENT ID", "OUTCOME", "ATTEMPTS", "GRAPH REQUEST-ID", "DETAIL"] as const;

/** A plain-text table, one row per item, aligned for a terminal and still greppable in a log. */
export function formatResultTable(results: readonly ReprocessItemResult[]): string {
  const rows = results.map((result) => [result.id, result.outcome, String(result.attempts), result.graphRequestId ?? "-", result.detail.replace(/\s+/g, " ")]);
  const all = [[...headings], ...rows];
  // The detail column is last and left ragged: long messages must not widen every other row.
  const widths = headings.slice(0, -1).map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) => row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ").trimEnd());
  return `${lines.join("\n")}\n`;
}
