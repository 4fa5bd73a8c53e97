/** Where the local Functions host serves HTTP triggers; the handlers never read the host part. */
const hostRoot = "http://localhost:7071/api/";

/**
 * The URL a caller would have used to reach `route` with these parameters, each percent-encoded
 * as one path segment. Lone surrogates cannot travel in a URL, so they become U+FFFD here, as a
 * UTF-8 wire would make them; the handler still gets the raw parameter through `params`.
 */
export function functionRouteUrl(route: string, params: Readonly<Record<string, string>>): string {
  const path = route.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(Buffer.from(params[name] ?? "", "utf8").toString("utf8")));
  return `${hostRoot}${path}`;
}
