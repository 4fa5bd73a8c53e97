import { exponentialBackoffMs, type BackoffOptions } from "../shared/backoff";

/**
 * How long the pool waits before retrying an item Graph throttled or could not serve: exactly the
 * Retry-After Graph asked for, or capped exponential backoff with jitter when it named none.
 * `attempt` is the attempt that just failed, counting from 1.
 */
export function retryDelayMs(retryAfterMs: number | undefined, attempt: number, backoff: BackoffOptions, random: () => number = Math.random): number {
  return retryAfterMs ?? exponentialBackoffMs(attempt, backoff, random);
}
