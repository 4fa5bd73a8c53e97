import type { AbortSignalLike } from "@azure/abort-controller";

/**
 * The promise's outcome, or `abortError()` as soon as `abortSignal` aborts, whichever comes first.
 * Only the wait ends: the promise runs on, and a later rejection of it is handled here, so it can
 * never surface as an unhandled rejection.
 */
export function untilAborted<T>(promise: Promise<T>, abortSignal: AbortSignalLike | undefined, abortError: () => Error): Promise<T> {
  if (abortSignal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortError());
    };
    promise
      .then(resolve, (error: unknown) => {
        reject(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        abortSignal.removeEventListener("abort", onAbort);
      });
    if (abortSignal.aborted) onAbort();
    else abortSignal.addEventListener("abort", onAbort, { once: true });
  });
}
