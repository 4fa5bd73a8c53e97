import type { HttpRequestInit } from "@azure/functions";
import type { HostileHttpRequestParts } from "./hostileHttpRequestArbitrary";

/** A hostile request's parts on a concrete endpoint, as the host would build its HttpRequest. */
export function hostileHttpRequestInit(parts: HostileHttpRequestParts, endpoint: { readonly method: string; readonly url: string; readonly params: Readonly<Record<string, string>> }): HttpRequestInit {
  const init: HttpRequestInit = { method: endpoint.method, url: endpoint.url, params: { ...endpoint.params }, headers: { ...parts.headers } };
  return parts.body === undefined ? init : { ...init, body: { bytes: parts.body.bytes } };
}
