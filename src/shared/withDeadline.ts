export interface Deadline {
  /** Aborts when the deadline passes or the caller's signal aborts, whichever comes first. */
  readonly abortSignal: AbortSignal;
  /** True once the deadline itself has passed (not the caller's signal). */
  readonly expired: boolean;
}

export interface WithDeadlineOptions {
  /** The caller's own signal; its abort is passed on with its reason. */
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Runs `operation` under a deadline of `timeoutMs`, and frees the timer and the link to the
 * caller's signal the moment the operation ends.
 *
 * `AbortSignal.timeout` (with `AbortSignal.any`) would read the same, but its timer lives until it
 * fires, work done or not: every queue message kept a 4-minute timer, a signal and an entry in
 * the caller signal's dependants alive long after it was settled, so an instance at bulk rates
 * carried thousands of them.
 */
export async function withDeadline<T>(timeoutMs: number, operation: (deadline: Deadline) => Promise<T>, options: WithDeadlineOptions = {}): Promise<T> {
  const controller = new AbortController();
  const callerSignal = options.abortSignal;
  let expired = false;
  const onCallerAbort = (): void => {
    controller.abort(callerSignal?.reason);
  };
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`The operation did not end within ${timeoutMs} ms.`, "TimeoutError"));
  }, timeoutMs);
  if (callerSignal?.aborted === true) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    return await operation({
      abortSignal: controller.signal,
      get expired() {
        return expired;
      },
    });
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}
