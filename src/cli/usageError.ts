/** The command line itself is wrong; the message names the flag or argument to fix. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
