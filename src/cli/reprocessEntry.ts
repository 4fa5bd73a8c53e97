import { parseAssignmentId } from "../shared/guid";

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
