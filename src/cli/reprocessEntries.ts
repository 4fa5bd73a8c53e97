import { readFile } from "node:fs/promises";
import { parseAssignmentId } from "../shared/guid";
import { UsageError, type CliContext } from "./cliCommand";
import { parseCsvRows } from "./csvRows";

/** One id to reprocess, as the operator gave it, and where it came from. */
export interface ReprocessEntry {
  readonly value: string;
  /** `argument 2` or `ids.csv:7`, so a bad id can be found and fixed. */
  readonly source: string;
}

export interface DedupedEntries {
  readonly entries: readonly ReprocessEntry[];
  /** Later copies of an id already listed (compared as GUIDs, so case does not matter). */
  readonly duplicates: readonly ReprocessEntry[];
}

/**
 * Drops repeated ids, keeping the first: reprocessing an assignment twice in one run only costs
 * Graph calls. Entries that are not GUIDs are all kept, each to be reported where it stands.
 */
export function dedupeEntries(entries: readonly ReprocessEntry[]): DedupedEntries {
  const seen = new Set<string>();
  const kept: ReprocessEntry[] = [];
  const duplicates: ReprocessEntry[] = [];
  for (const entry of entries) {
    const parsed = parseAssignmentId(entry.value);
    if (parsed.ok && seen.has(parsed.id)) {
      duplicates.push(entry);
      continue;
    }
    if (parsed.ok) seen.add(parsed.id);
    kept.push(entry);
  }
  return { entries: kept, duplicates };
}

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

export interface ReadEntries {
  readonly entries: readonly ReprocessEntry[];
  /** For stderr: which column of which file was read. */
  readonly notes: readonly string[];
}

/** Ids from the command line, then from each `--file` in order (`-` is stdin). */
export async function readReprocessEntries(positionals: readonly string[], files: readonly string[], context: CliContext): Promise<ReadEntries> {
  const entries: ReprocessEntry[] = positionals.map((value, index) => ({ value: value.trim(), source: `argument ${index + 1}` }));
  const notes: string[] = [];
  for (const path of files) {
    const name = path === "-" ? "stdin" : path;
    let text: string;
    try {
      text = path === "-" ? await context.readStdin(context.abortSignal) : await readFile(path, { encoding: "utf8", signal: context.abortSignal });
    } catch (error) {
      const code = error instanceof Error && "code" in error ? String(error.code) : "";
      throw new UsageError(`--file ${path}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : "cannot be read"}.`, { cause: error });
    }
    const parsed = parseIdList(text);
    if (!parsed.ok) {
      throw new UsageError(`--file ${path}: ${parsed.reason}.`);
    }
    if (parsed.header !== undefined) {
      notes.push(`${name}: reading the "${parsed.header}" column.`);
    }
    entries.push(...parsed.entries.map((entry) => ({ value: entry.value, source: `${name}:${entry.line}` })));
  }
  return { entries, notes };
}
