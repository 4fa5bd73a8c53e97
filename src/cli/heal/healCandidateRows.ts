import type { HealCandidate } from "../../core/healCandidates";
import { formatTextTable } from "../commandOutput";

/** What `heal` does with one listed request, and why when it leaves it alone. */
export type HealAction = "reprocess" | "skipWindowClosed" | "skipOlderThanSinceDays";

export interface HealRow extends HealCandidate {
  readonly action: HealAction;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Every request the sweep lists keeps its row, so a dry run hides nothing the sweep sees: one past
 * the 14-day window is listed as skipped, as the sweep skips it, and `--since-days` narrows only
 * which of the rest are reprocessed. A request with no completion time is Graph's to judge.
 */
export function healRow(candidate: HealCandidate, nowMs: number, sinceDays: number): HealRow {
  if (!candidate.insideWindow) return { ...candidate, action: "skipWindowClosed" };
  const completedMs = candidate.completedDateTime === undefined ? Number.NaN : Date.parse(candidate.completedDateTime);
  const tooOld = Number.isFinite(completedMs) && nowMs - completedMs > sinceDays * dayMs;
  return { ...candidate, action: tooOld ? "skipOlderThanSinceDays" : "reprocess" };
}

const columns = ["id", "state", "accessPackageId", "requestorObjectId", "completedDateTime", "insideWindow", "action"] as const;

function cells(row: HealRow): string[] {
  return columns.map((column) => {
    const value = row[column];
    return value === undefined ? "" : String(value);
  });
}

export function formatHealTable(rows: readonly HealRow[]): string {
  const headings = ["REQUEST ID", "STATE", "ACCESS PACKAGE", "TARGET", "COMPLETED (UTC)", "INSIDE WINDOW", "ACTION"];
  return formatTextTable(
    headings,
    rows.map((row) => cells(row).map((cell, index) => (columns[index] === "insideWindow" ? (row.insideWindow ? "yes" : "no") : cell === "" ? "-" : cell))),
  );
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Headed by the JSON field names, so a spreadsheet and a script read the same columns. */
export function formatHealCsv(rows: readonly HealRow[]): string {
  return [columns.join(","), ...rows.map((row) => cells(row).map(csvCell).join(","))].map((line) => `${line}\r\n`).join("");
}

export function healSummary(rows: readonly HealRow[], sinceDays: number): string {
  const count = (action: HealAction): number => rows.filter((row) => row.action === action).length;
  return `${rows.length} failed request${rows.length === 1 ? "" : "s"} listed: ${count("reprocess")} to reprocess, ${count("skipWindowClosed")} past the 14-day window, ${count("skipOlderThanSinceDays")} completed more than ${sinceDays} day${sinceDays === 1 ? "" : "s"} ago.\n`;
}
