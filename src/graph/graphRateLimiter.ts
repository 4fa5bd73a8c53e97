import { AdaptiveRateLimiter } from "./adaptiveRateLimiter";

/**
 * A wait up to this is pacing, not a reason to give up: Graph's shortest Retry-After is a second,
 * and slow start (from 2 calls/s, doubling every 250 ms) spreads a cold burst of a few calls over
 * up to about two seconds. With one second, the CLI's fourth concurrent call on a cold limiter was
 * refused and cost its caller an attempt.
 */
export const minimumSlotWaitMs = 3_000;

/**
 * The rate limiter every Graph client of this app runs on (the Functions app and the CLI alike).
 * Instances share no state, so each learns Graph's rate for itself from the 429s it gets. A call
 * may wait for its slot as long as it may wait to retry (`inlineRetryBudgetMs`), but always a
 * little: with no budget at all (the CLI hands every wait to its own pool) a slot a few
 * milliseconds away would otherwise be refused and cost the caller an attempt.
 */
export function createGraphRateLimiter(inlineRetryBudgetMs: number): AdaptiveRateLimiter {
  return new AdaptiveRateLimiter({ maxWaitMs: Math.max(inlineRetryBudgetMs, minimumSlotWaitMs) });
}
