import { afterAll, beforeAll } from "vitest";

/**
 * Counts unhandled rejections and uncaught exceptions anywhere in this process while the enclosing
 * describe runs. Vitest reports them only at the end of the run, against no test; a property test
 * asserts the count is 0 so a leak fails the test whose input caused it.
 */
export function useUnhandledErrorCount(): () => number {
  let unhandled = 0;
  const countUnhandled = (): void => {
    unhandled += 1;
  };
  beforeAll(() => {
    process.on("unhandledRejection", countUnhandled);
    process.on("uncaughtExceptionMonitor", countUnhandled);
  });
  afterAll(() => {
    process.off("unhandledRejection", countUnhandled);
    process.off("uncaughtExceptionMonitor", countUnhandled);
  });
  return () => unhandled;
}
