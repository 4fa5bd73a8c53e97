/** Longest wait we believe from a server; a larger or absurd value is clamped to this. */
export const maxRetryAfterMs = 24 * 60 * 60 * 1000;

export interface RetryAfterHeaders {
  get(name: string): string | undefined;
}

/**
 * Reads how long the server asked us to wait: `retry-after-ms` / `x-ms-retry-after-ms` (ms), or
 * `Retry-After` as delay-seconds or an HTTP date. Returns undefined when none is usable.
 */
export function parseRetryAfterMs(headers: RetryAfterHeaders, nowMs: number = Date.now()): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = headers.get(name)?.trim();
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value)) {
      return clamp(Number(value));
    }
  }
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter === undefined || retryAfter === "") {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(retryAfter)) {
    return clamp(Number(retryAfter) * 1000);
  }
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : clamp(date - nowMs);
}

function clamp(ms: number): number {
  return Math.min(Math.max(0, Math.round(ms)), maxRetryAfterMs);
}
