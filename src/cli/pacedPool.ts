import { setTimeout as sleepFor } from "node:timers/promises";
import { exponentialBackoffMs, type BackoffOptions } from "../shared/backoff";

/**
 * How long the pool waits before retrying an item Graph throttled or could not serve: exactly the
 * Retry-After Graph asked for, or capped exponential backoff with jitter when it named none.
 * `attempt` is the attempt that just failed, counting from 1.
 */
export function retryDelayMs(retryAfterMs: number | undefined, attempt: number, backoff: BackoffOptions, random: () => number = Math.random): number {
  return retryAfterMs ?? exponentialBackoffMs(attempt, backoff, random);
}

/**
 * One pause shared by every worker of a pool. When Graph throttles one call, the others would be
 * throttled too: instead of each worker waiting on its own while the rest keep calling, every
 * worker waits until the latest Retry-After any of them was given has passed.
 */
export class PacingGate {
  #resumeAtMs = 0;

  /** Extends the pause to `untilMs`; an earlier time never shortens a pause already set. */
  pauseUntil(untilMs: number): void {
    this.#resumeAtMs = Math.max(this.#resumeAtMs, untilMs);
  }

  /** How long a worker must still wait at `nowMs`; 0 when it may call. */
  remainingMs(nowMs: number): number {
    return Math.max(0, this.#resumeAtMs - nowMs);
  }

  get resumeAtMs(): number {
    return this.#resumeAtMs;
  }
}

/** What one attempt at an item came to: final, or worth retrying after a wait. */
export type TaskAttempt<R> =
  | { readonly kind: "done"; readonly result: R }
  | { readonly kind: "retry"; readonly result: R; readonly retryAfterMs: number | undefined };

export type PoolItemResult<T, R> =
  | { readonly kind: "settled"; readonly item: T; readonly result: R; readonly attempts: number }
  /** Interrupted before it settled; `lastResult` is its last transient answer, if it had one. */
  | { readonly kind: "cancelled"; readonly item: T; readonly attempts: number; readonly lastResult: R | undefined };

export interface PacedPoolOptions<R> {
  /** Items in flight at once. */
  readonly concurrency: number;
  /** Attempts per item, the first included; the last transient answer is kept as final. */
  readonly maxAttempts: number;
  /** Used when a retry comes with no Retry-After. */
  readonly backoff: BackoffOptions;
  readonly abortSignal: AbortSignal;
  readonly onSettled?: (index: number, result: R, attempts: number) => void;
  /** Every worker now waits until `resumeAtMs` (from `now`). */
  readonly onPause?: (resumeAtMs: number) => void;
  readonly now?: () => number;
  readonly sleep?: (delayMs: number, abortSignal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

const defaultSleep = async (delayMs: number, abortSignal: AbortSignal): Promise<void> => {
  await sleepFor(delayMs, undefined, { signal: abortSignal });
};

/**
 * Runs `task` over `items` with at most `concurrency` in flight, retrying transient answers up to
 * `maxAttempts`. A retry pauses the whole pool, not just its worker (see PacingGate), so a
 * throttled run slows down instead of hammering Graph with the other workers' calls.
 *
 * Results come back in input order. When `abortSignal` fires, nothing new starts, in-flight calls
 * are cancelled and every unsettled item is reported `cancelled`. A task that throws (rather than
 * answering) stops the pool the same way, and the error is rethrown once every worker has stopped.
 */
export async function runPacedPool<T, R>(
  items: readonly T[],
  task: (item: T, attempt: number, abortSignal: AbortSignal) => Promise<TaskAttempt<R>>,
  options: PacedPoolOptions<R>,
): Promise<PoolItemResult<T, R>[]> {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const gate = new PacingGate();
  const stop = new AbortController();
  const signal = AbortSignal.any([options.abortSignal, stop.signal]);
  const results: (PoolItemResult<T, R> | undefined)[] = items.map(() => undefined);
  let nextIndex = 0;
  let failure: { readonly error: unknown } | undefined;

  const waitForGate = async (): Promise<void> => {
    for (let remaining = gate.remainingMs(now()); remaining > 0; remaining = gate.remainingMs(now())) {
      await sleep(remaining, signal);
    }
  };

  const runItem = async (index: number, item: T): Promise<void> => {
    let lastResult: R | undefined;
    let attempts = 0;
    try {
      for (;;) {
        await waitForGate();
        signal.throwIfAborted();
        attempts++;
        const outcome = await task(item, attempts, signal);
        if (outcome.kind === "done" || attempts >= options.maxAttempts) {
          results[index] = { kind: "settled", item, result: outcome.result, attempts };
          options.onSettled?.(index, outcome.result, attempts);
          return;
        }
        lastResult = outcome.result;
        gate.pauseUntil(now() + retryDelayMs(outcome.retryAfterMs, attempts, options.backoff, options.random));
        options.onPause?.(gate.resumeAtMs);
      }
    } catch (error) {
      results[index] = { kind: "cancelled", item, attempts, lastResult };
      if (!signal.aborted) {
        failure ??= { error };
        stop.abort();
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (!signal.aborted && nextIndex < items.length) {
      const index = nextIndex++;
      await runItem(index, items[index] as T);
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, () => worker());
  await Promise.all(workers);
  if (failure !== undefined) {
    throw failure.error;
  }
  return items.map((item, index) => results[index] ?? { kind: "cancelled", item, attempts: 0, lastResult: undefined });
}
