import fc from "fast-check";
import { hostileBodyArbitrary, type HostileBody, type HostileBodyOptions } from "./hostileBodyArbitrary";
import { hostileContentTypeArbitrary } from "./hostileContentTypeArbitrary";
import { hostileHeadersArbitrary } from "./hostileHeadersArbitrary";

/**
 * Everything about an HTTP request but its route: hostile headers, a Content-Type that may not
 * match the body, and a hostile body or none. A test adds the method, URL and route parameters of
 * the endpoint it attacks.
 */
export interface HostileHttpRequestParts {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: HostileBody | undefined;
}

export function hostileHttpRequestPartsArbitrary(options: HostileBodyOptions = {}): fc.Arbitrary<HostileHttpRequestParts> {
  return fc
    .record({
      headers: hostileHeadersArbitrary(),
      contentType: hostileContentTypeArbitrary(),
      body: fc.option(hostileBodyArbitrary(options), { nil: undefined, freq: 4 }),
    })
    .map(({ headers, contentType, body }) => ({
      headers: contentType === undefined ? headers : { ...headers, "content-type": contentType },
      body,
    }));
}
