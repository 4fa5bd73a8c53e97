import type { AzureMonitorOpenTelemetryOptions } from "applicationinsights";
import { redactUrlSecrets } from "./redactUrlSecrets";

export type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions["spanProcessors"]>[number];

// Where instrumentations (http, Azure SDK) put a URL or a query string.
const urlAttributes: readonly string[] = ["url.full", "url.query", "url.original", "http.url", "http.target"];

/**
 * Auto-instrumented spans record the full URL of every outgoing call. None of this app's calls
 * carries a credential in its URL, but a future one might (a SAS URL, a Functions key): this
 * rewrites such values before any exporter sees the span.
 */
export function createSecretScrubbingSpanProcessor(): SpanProcessor {
  return {
    onStart: () => undefined,
    // onEnding runs while the span can still be changed, after every attribute has been set.
    onEnding: (span) => {
      for (const key of urlAttributes) {
        const value = span.attributes[key];
        if (typeof value === "string") {
          const redacted = redactUrlSecrets(value);
          if (redacted !== value) {
            span.setAttribute(key, redacted);
          }
        }
      }
    },
    onEnd: () => undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
