import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Values of local.settings.json as Core Tools reads them into the worker's environment
 * (strings only; an unreadable file gives none). The local host layers them the same way: the
 * environment wins over the file.
 */
export function localSettingsValues(projectRoot: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(join(projectRoot, "local.settings.json"), "utf8")) as { Values?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(parsed.Values ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}
