/**
 * A plain-text table aligned for a terminal and still greppable in a log. The last column is left
 * ragged: a long description must not widen every other row. Whitespace inside a cell is folded,
 * so one row stays one line.
 */
export function formatTextTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headings, ...rows].map((row) => row.map((cell) => cell.replace(/\s+/g, " ")));
  const widths = headings.slice(0, -1).map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) => row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ").trimEnd());
  return `${lines.join("\n")}\n`;
}
