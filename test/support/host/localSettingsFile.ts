import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type LocalSettingsStatus =
  | { readonly status: "created"; readonly path: string }
  /** A developer's own file, left as it is; `differing` names the settings that do not point at the emulator. */
  | { readonly status: "existing"; readonly path: string; readonly differing: readonly string[] };

/**
 * Core Tools reads local.settings.json (git-ignored). Creates it from local.settings.sample.json
 * when absent; never touches one that exists, only says which of its values differ from what the
 * emulator needs. npm start passes those through the environment anyway, and Core Tools lets the
 * environment win over the file.
 */
export function ensureLocalSettings(projectRoot: string, expected: Readonly<Record<string, string>>): LocalSettingsStatus {
  const path = join(projectRoot, "local.settings.json");
  if (!existsSync(path)) {
    copyFileSync(join(projectRoot, "local.settings.sample.json"), path);
    return { status: "created", path };
  }
  let values: Readonly<Record<string, unknown>> = {};
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { Values?: Record<string, unknown> };
    values = parsed.Values ?? {};
  } catch {
    values = {};
  }
  const differing = Object.entries(expected)
    .filter(([name, value]) => values[name] !== value)
    .map(([name]) => name);
  return { status: "existing", path, differing };
}
