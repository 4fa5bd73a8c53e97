/** The CLI's exit codes; scripts branch on them, so they never change meaning. */
export const exitCode = {
  /** Everything ended as asked: all accepted, granted or already granted. */
  ok: 0,
  /** Ran, but some items did not end `accepted` (or Graph refused the grant). */
  someFailed: 1,
  /** Nothing was attempted: a flag, a setting or the credential needs fixing first. */
  usageOrConfig: 2,
  /** Interrupted with Ctrl+C (128 + SIGINT), after printing what had finished. */
  interrupted: 130,
} as const;
