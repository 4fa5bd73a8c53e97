import type { BenchRow } from "./benchSection";

const columns: readonly { readonly key: keyof BenchRow; readonly title: string }[] = [
  { key: "measure", title: "measure" },
  { key: "ours", title: "ours" },
  { key: "baseline", title: "baseline" },
  { key: "figure", title: "figure" },
  { key: "target", title: "target" },
];

/** A Markdown table, readable in a terminal and pasteable into docs/performance.md. */
export function formatTable(rows: readonly BenchRow[]): string {
  const widths = columns.map((column) => Math.max(column.title.length, ...rows.map((row) => row[column.key].length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(" | ")} |`;
  return [line(columns.map((column) => column.title)), line(widths.map((width) => "-".repeat(width))), ...rows.map((row) => line(columns.map((column) => row[column.key])))].join("\n");
}
