export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Capped exponential backoff with "equal jitter": half the window is fixed so a retry never comes
 * too early, the other half is random so many clients retrying together spread out.
 * `attempt` counts from 1 (the delay before the first retry).
 */
export function exponentialBackoffMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const window = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const half = window / 2;
  return Math.round(half + random() * half);
}
