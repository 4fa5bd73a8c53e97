import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTimeSpanMs } from "./timeSpan";

/** The parts of host.json the local host honours; the rest is the real host's business. */
export interface HostJsonSettings {
  /** extensions.http.routePrefix; the host's default is "api". */
  readonly routePrefix: string;
  readonly serviceBus: {
    /** extensions.serviceBus.autoCompleteMessages; default true. */
    readonly autoCompleteMessages: boolean;
    /** extensions.serviceBus.maxConcurrentCalls; default 16 per CPU in the host, 16 here. */
    readonly maxConcurrentCalls: number;
    /** extensions.serviceBus.maxAutoLockRenewalDuration; default 5 minutes. */
    readonly maxAutoLockRenewalDurationMs: number;
  };
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Reads the settings from a parsed host.json, with the host's defaults where a value is absent. */
export function hostJsonSettings(hostJson: unknown): HostJsonSettings {
  const extensions = record(record(hostJson).extensions);
  const http = record(extensions.http);
  const serviceBus = record(extensions.serviceBus);
  const routePrefix = typeof http.routePrefix === "string" ? http.routePrefix.replace(/^\/+|\/+$/g, "") : "api";
  const { autoCompleteMessages = true, maxConcurrentCalls = 16, maxAutoLockRenewalDuration = "00:05:00" } = serviceBus;
  if (typeof autoCompleteMessages !== "boolean") throw new TypeError("host.json extensions.serviceBus.autoCompleteMessages must be true or false");
  if (typeof maxConcurrentCalls !== "number" || !Number.isInteger(maxConcurrentCalls) || maxConcurrentCalls < 1) {
    throw new TypeError("host.json extensions.serviceBus.maxConcurrentCalls must be a positive integer");
  }
  if (typeof maxAutoLockRenewalDuration !== "string") throw new TypeError("host.json extensions.serviceBus.maxAutoLockRenewalDuration must be a TimeSpan string");
  return {
    routePrefix,
    serviceBus: {
      autoCompleteMessages,
      maxConcurrentCalls,
      maxAutoLockRenewalDurationMs: parseTimeSpanMs(maxAutoLockRenewalDuration, "host.json extensions.serviceBus.maxAutoLockRenewalDuration"),
    },
  };
}

/** host.json of the app in `projectRoot`, as the host reads it at start. */
export function readHostJson(projectRoot: string): HostJsonSettings {
  return hostJsonSettings(JSON.parse(readFileSync(join(projectRoot, "host.json"), "utf8")));
}
