import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getNationalCloud, nationalCloudNames, type NationalCloud } from "../../src/clouds/nationalCloud";
import { ConfigError } from "../../src/config/configError";
import { resolveGraphBaseUrl } from "../../src/config/graphBaseUrl";
import { resultOrConfigError } from "../support/thrownConfigError";

const numRuns = 1_000;
const clouds = nationalCloudNames.map(getNationalCloud);
const cloudArbitrary = fc.constantFrom(...clouds);
const graphHosts = clouds.map((cloud) => new URL(cloud.graphEndpoint).hostname);

function graphHostOf(cloud: NationalCloud): string {
  return new URL(cloud.graphEndpoint).hostname;
}

/** Loopback as the README defines it, written out independently of the code under test. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The host a URL parser would make of `host`, or undefined when it is not a host at all. */
function normalisedHost(host: string): string | undefined {
  try {
    return new URL(`https://${host}`).hostname;
  } catch {
    return undefined;
  }
}

const loopbackHosts = fc.oneof(
  fc.constantFrom("localhost", "LocalHost", "127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "[::1]", "[0:0:0:0:0:0:0:1]"),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([b, c, d]) => `127.${b}.${c}.${d}`),
);

// Hosts a token must never reach: anything on the internet, private and link-local ranges (the
// instance metadata service among them), other clouds' Graph hosts, and look-alikes of the
// allowed names that a careless suffix or prefix check would let through.
const foreignHosts = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.constantFrom(
    "169.254.169.254",
    "10.0.0.5",
    "0.0.0.0",
    "[::]",
    "[::ffff:127.0.0.1]",
    "localhost.",
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "evil.example",
    "xn--grph-8cd.microsoft.com",
    "gr\u0430ph.microsoft.com",
    ...graphHosts.flatMap((host) => [`${host}.`, `${host}.evil.example`, `evil-${host}`, `evil.${host}`, host.replace("graph", "graph1")]),
  ),
);

const ports = fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined });
const withPort = (host: string, port: number | undefined): string => (port === undefined ? host : `${host}:${port}`);

// Anything an operator could type: schemes, credentials, paths, queries, fragments and garbage
// around loopback, allowed and foreign hosts.
const anyOverride = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .record({
      scheme: fc.constantFrom("https://", "http://", "HTTPS://", "ftp://", "//", "https:", "https:/", "https:\\\\", ""),
      userinfo: fc.constantFrom("", "user@", "user:pass@", `${graphHosts[0] ?? ""}@`, "127.0.0.1@"),
      host: fc.oneof(loopbackHosts, foreignHosts, fc.constantFrom(...graphHosts)),
      port: ports,
      rest: fc.constantFrom("", "/", "/v1.0", "?x=1", "#f", "/..", "@evil.example", ".evil.example", "%2F%2Fevil.example", "\\@evil.example"),
    })
    .map(({ scheme, userinfo, host, port, rest }) => `${scheme}${userinfo}${withPort(host, port)}${rest}`),
);

function resolveOrConfigError(override: string, cloud: NationalCloud): string | ConfigError {
  return resultOrConfigError(() => resolveGraphBaseUrl(override, cloud));
}

describe("resolveGraphBaseUrl under generated settings", () => {
  it("resolves any GRAPH_BASE_URL to an https origin on loopback or the cloud's Graph host, or refuses it naming the setting", () => {
    let runs = 0;
    fc.assert(
      fc.property(anyOverride, cloudArbitrary, (override, cloud) => {
        runs += 1;
        const result = resolveOrConfigError(override, cloud);
        if (result instanceof ConfigError) {
          expect(result.setting).toBe("GRAPH_BASE_URL");
          return;
        }
        const url = new URL(result);
        expect(url.protocol).toBe("https:");
        expect(result).toBe(url.origin);
        expect(isLoopback(url.hostname) || url.hostname === graphHostOf(cloud)).toBe(true);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("refuses every host that is neither loopback nor the cloud's own Graph host", () => {
    let runs = 0;
    fc.assert(
      fc.property(foreignHosts, ports, cloudArbitrary, (host, port, cloud) => {
        const normalised = normalisedHost(host);
        fc.pre(normalised === undefined || (!isLoopback(normalised) && normalised !== graphHostOf(cloud)));
        runs += 1;
        const result = resolveOrConfigError(`https://${withPort(host, port)}`, cloud);
        expect(result).toBeInstanceOf(ConfigError);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("accepts every loopback address and the cloud's own Graph host on any port", () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(loopbackHosts, fc.constant("graph host")), ports, cloudArbitrary, (host, port, cloud) => {
        runs += 1;
        const actualHost = host === "graph host" ? graphHostOf(cloud) : host;
        const result = resolveOrConfigError(`https://${withPort(actualHost, port)}`, cloud);
        expect(typeof result === "string" ? new URL(result).hostname : result).toBe(normalisedHost(actualHost));
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });
});
