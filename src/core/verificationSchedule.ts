import type { VerificationConfig } from "../config/verificationConfig";

/**
 * How long after the 202 read `check` (from 1) happens: `afterMs`, then gaps doubling from
 * 2 × `afterMs` up to `maxIntervalMs`. With the defaults (5 min, at most 1 h apart): 5, 15, 35, 75,
 * 135, 195, 255, 315 minutes — 8 reads at most within the 6-hour bound.
 */
export function verifyCheckOffsetMs(check: number, config: VerificationConfig): number {
  let offsetMs = config.afterMs;
  for (let next = 2; next <= check; next++) offsetMs += gapBeforeCheckMs(next, config);
  return offsetMs;
}

/** The gap between read `check - 1` and read `check` (check ≥ 2). */
export function gapBeforeCheckMs(check: number, config: VerificationConfig): number {
  return Math.min(config.afterMs * 2 ** (check - 1), config.maxIntervalMs);
}

/** The delay of the next read after read `check`, or undefined when it would fall past the bound. */
export function nextCheckDelayMs(check: number, config: VerificationConfig): number | undefined {
  return verifyCheckOffsetMs(check + 1, config) > config.maxMs ? undefined : gapBeforeCheckMs(check + 1, config);
}
