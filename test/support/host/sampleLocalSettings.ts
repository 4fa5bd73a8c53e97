import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const projectRoot = resolve(__dirname, "../../..");

/**
 * The settings in local.settings.sample.json, which lists every setting the app reads with a safe
 * local value. Tests that start the app take their environment from it, so they keep starting it
 * as settings are added, and a setting missing from the sample shows up as a failing start.
 */
export function sampleLocalSettings(): Record<string, string> {
  const sample = JSON.parse(readFileSync(join(projectRoot, "local.settings.sample.json"), "utf8")) as { Values: Record<string, string> };
  return Object.fromEntries(Object.entries(sample.Values).filter(([, value]) => value !== ""));
}
