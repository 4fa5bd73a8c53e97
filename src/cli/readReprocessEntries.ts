import { readFile } from "node:fs/promises";
import { UsageError, type CliContext } from "./cliCommand";
import { parseIdList } from "./parseIdList";
import type { ReprocessEntry } from "./reprocessEntry";

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
