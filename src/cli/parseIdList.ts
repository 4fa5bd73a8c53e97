import { parseCsvRows } from "./csvRows";

export interface IdListEntry {
  /** The cell as written (trimmed); validated later, so a bad one is reported, not dropped. */
  readonly value: string;
  readonly line: number;
}

export type IdListParseResult =
  | { readonly ok: true; readonly entries: readonly IdListEntry[]; readonly header: string | undefined }
  | { readonly ok: false; readonly reason: string };

const idColumnNames: ReadonlySet<string> = new Set(["id", "assignmentid"]);

function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, "");
}

/**
 * Ids from a text or CSV file. The first row is a header only when one of its cells is named
 * `id` or `assignmentId` (any case; spaces, `_` and `-` ignored), and then that column is read;
 * otherwise every row is data and the first column is read. A header is never guessed from
 * "this row is not a GUID", so a mistyped first id is reported as invalid instead of vanishing.
 * Blank rows and rows whose first cell starts with `#` are skipped.
 */
export function parseIdList(text: string): IdListParseResult {
  const parsed = parseCsvRows(text);
  if (!parsed.ok) {
    return { ok: false, reason: `line ${parsed.line}: ${parsed.reason}` };
  }
  const rows = parsed.rows.filter((row) => row.cells.some((cell) => cell !== "") && !(row.cells[0] ?? "").startsWith("#"));
  const first = rows[0];
  const headerIndex = first?.cells.findIndex((cell) => idColumnNames.has(columnKey(cell))) ?? -1;
  const column = Math.max(headerIndex, 0);
  const dataRows = headerIndex === -1 ? rows : rows.slice(1);
  return {
    ok: true,
    entries: dataRows.map((row) => ({ value: row.cells[column] ?? "", line: row.line })),
    header: headerIndex === -1 ? undefined : first?.cells[headerIndex],
  };
}
