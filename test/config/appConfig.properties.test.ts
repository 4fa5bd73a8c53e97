import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAppConfig, type AppConfig } from "../../src/config/appConfig";
import { ConfigError } from "../../src/config/configError";
import { hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { resultOrConfigError } from "../support/thrownConfigError";

const numRuns = 1_000;

/** Setting names in the table of docs/settings.md: a refusal must name one an operator can look up. */
function documentedSettings(): ReadonlySet<string> {
  const settings = readFileSync("docs/settings.md", "utf8");
  return new Set([...settings.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1] ?? ""));
}

// Settings the host itself provides, which the app reads to tell Azure from a developer machine.
const platformSettings = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "WEBSITE_INSTANCE_ID"] as const;

/** Mostly valid or absent, so many environments load; sometimes wrong, sometimes hostile. */
function valueArbitrary(valid: readonly string[], invalid: readonly string[]): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 24, arbitrary: fc.constantFrom(...valid) },
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...invalid, "", " ", "\t\n", "-1", "1e3", "0x10", "99999999999999999999", "NaN", "__proto__") },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  );
}

const environmentArbitrary = fc.record(
  {
    GRAPH_CLOUD: valueArbitrary(["Global", "usgov", "USGovDoD", "China"], ["Mars", "AzureCloud"]),
    GRAPH_BASE_URL: valueArbitrary(["https://127.0.0.1:8443", "https://localhost", "https://[::1]:9", "https://graph.microsoft.us"], ["https://evil.example", "http://127.0.0.1"]),
    GRAPH_CREDENTIAL: valueArbitrary(["managedIdentity", "azureCli"], ["clientSecret"]),
    AZURE_CLIENT_ID: fc.oneof(valueArbitrary(["00000000-0000-4000-8000-0000000000aa"], ["my-identity"]), hostileIdArbitrary({ maxHugeLength: 10_000 })),
    AZURE_TENANT_ID: valueArbitrary(["contoso.onmicrosoft.com"], []),
    GRAPH_INLINE_RETRY_BUDGET_MS: valueArbitrary(["0", "10000", "120000"], ["120001"]),
    GRAPH_MAX_INLINE_RETRIES: valueArbitrary(["0", "3", "10"], ["11"]),
    GRAPH_REQUEST_TIMEOUT_MS: valueArbitrary(["100", "15000"], ["99"]),
    REPROCESS_CHECK_STATE: valueArbitrary(["true", "FALSE", "1", "0"], ["yes"]),
    IDENTITY_ENDPOINT: valueArbitrary(["http://127.0.0.1:41741/msi/token"], []),
    IDENTITY_HEADER: valueArbitrary(["header"], []),
    MSI_ENDPOINT: valueArbitrary(["http://127.0.0.1:41741/msi/token"], []),
    WEBSITE_INSTANCE_ID: valueArbitrary(["abc123"], []),
  },
  { requiredKeys: [] },
);

function loadOrConfigError(env: Readonly<Record<string, string | undefined>>): AppConfig | ConfigError {
  return resultOrConfigError(() => loadAppConfig(env));
}

describe("loadAppConfig under generated settings", () => {
  it("either loads or fails with a ConfigError naming a documented setting, whatever the settings say", () => {
    const documented = documentedSettings();
    let runs = 0;
    fc.assert(
      fc.property(environmentArbitrary, (env) => {
        runs += 1;
        const result = loadOrConfigError(env);
        if (result instanceof ConfigError) {
          expect([...documented, ...platformSettings]).toContain(result.setting);
          expect(result.message.startsWith(`${result.setting}: `)).toBe(true);
        }
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
  });

  it("only ever loads a configuration that sends the token over https to loopback or the cloud's Graph host, within its documented limits", () => {
    let runs = 0;
    let loaded = 0;
    fc.assert(
      fc.property(environmentArbitrary, (env) => {
        runs += 1;
        const result = loadOrConfigError(env);
        if (result instanceof ConfigError) return;
        loaded += 1;
        const { graph } = result;
        const host = new URL(graph.baseUrl).hostname;
        expect(new URL(graph.baseUrl).protocol).toBe("https:");
        expect(host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host) || host === new URL(graph.cloud.graphEndpoint).hostname).toBe(true);
        expect(graph.scope).toBe(graph.cloud.graphScope);
        expect(graph.inlineRetryBudgetMs).toBeGreaterThanOrEqual(0);
        expect(graph.inlineRetryBudgetMs).toBeLessThanOrEqual(120_000);
        expect(graph.maxInlineRetries).toBeLessThanOrEqual(10);
        expect(graph.requestTimeoutMs).toBeGreaterThanOrEqual(100);
        expect(graph.requestTimeoutMs).toBeLessThanOrEqual(120_000);
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    // Generated settings are mostly plausible, so a good share load and the checks above bite.
    expect(loaded).toBeGreaterThan(numRuns / 20);
  });
});
