import { ConfigError } from "../../src/config/configError";

/** What `load` returns, or the ConfigError it throws; anything else it throws fails the test as it is. */
export function resultOrConfigError<T>(load: () => T): T | ConfigError {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

/** The ConfigError `load` throws; loading without one fails the test. */
export function thrownConfigError(load: () => unknown): ConfigError {
  const result = resultOrConfigError(load);
  if (result instanceof ConfigError) return result;
  throw new Error("expected a ConfigError");
}
