import { describe, expect, it } from "vitest";
import { loadAppConfig } from "../../src/config/appConfig";
import { ConfigError } from "../../src/config/configError";
import { thrownConfigError } from "../support/thrownConfigError";

const azure = { IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token", IDENTITY_HEADER: "h" };

function configErrorOf(env: Record<string, string>): ConfigError {
  return thrownConfigError(() => loadAppConfig(env));
}

describe("loadAppConfig", () => {
  it("fails naming GRAPH_CLOUD and its accepted values when it is missing", () => {
    const error = configErrorOf({ ...azure });
    expect(error.setting).toBe("GRAPH_CLOUD");
    expect(error.message).toContain("Global, USGov, USGovDoD, China");
  });

  it("fails naming GRAPH_CLOUD when it names no known cloud", () => {
    expect(configErrorOf({ ...azure, GRAPH_CLOUD: "Germany" }).setting).toBe("GRAPH_CLOUD");
  });

  it("accepts a cloud name in any case", () => {
    expect(loadAppConfig({ ...azure, GRAPH_CLOUD: "usgovdod" }).graph.cloud.name).toBe("USGovDoD");
  });

  it.each([
    ["Global", "https://graph.microsoft.com", "https://graph.microsoft.com/.default"],
    ["USGov", "https://graph.microsoft.us", "https://graph.microsoft.us/.default"],
    ["USGovDoD", "https://dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default"],
    ["China", "https://microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default"],
  ])("uses the %s Graph root and scope", (cloud, baseUrl, scope) => {
    const config = loadAppConfig({ ...azure, GRAPH_CLOUD: cloud });
    expect(config.graph.baseUrl).toBe(baseUrl);
    expect(config.graph.scope).toBe(scope);
  });

  it("keeps the cloud's token scope when GRAPH_BASE_URL points at an emulator", () => {
    const config = loadAppConfig({ ...azure, GRAPH_CLOUD: "China", GRAPH_BASE_URL: "https://127.0.0.1:8443/" });
    expect(config.graph.baseUrl).toBe("https://127.0.0.1:8443");
    expect(config.graph.scope).toBe("https://microsoftgraph.chinacloudapi.cn/.default");
  });

  it.each(["https://localhost:8443", "https://127.0.0.2:9000", "https://[::1]:8443", "https://graph.microsoft.us"])("accepts GRAPH_BASE_URL %s for USGov", (url) => {
    expect(() => loadAppConfig({ ...azure, GRAPH_CLOUD: "USGov", GRAPH_BASE_URL: url })).not.toThrow();
  });

  it.each([
    ["a plain-http emulator", "http://127.0.0.1:8443"],
    ["another cloud's Graph host", "https://graph.microsoft.com"],
    ["an arbitrary host", "https://graph.example.com"],
    ["a look-alike host", "https://graph.microsoft.us.example.com"],
    ["a private-range address", "https://10.0.0.5"],
    ["a URL with a path", "https://127.0.0.1:8443/v1.0"],
    ["a URL with credentials", "https://user:pass@127.0.0.1:8443"],
    ["a relative URL", "/graph"],
  ])("refuses GRAPH_BASE_URL set to %s", (_label, url) => {
    expect(configErrorOf({ ...azure, GRAPH_CLOUD: "USGov", GRAPH_BASE_URL: url }).setting).toBe("GRAPH_BASE_URL");
  });

  it("uses a user-assigned managed identity when AZURE_CLIENT_ID is set in Azure", () => {
    const config = loadAppConfig({ ...azure, GRAPH_CLOUD: "Global", AZURE_CLIENT_ID: "0F0E0D0C-0000-4000-8000-000000000001" });
    expect(config.credential).toEqual({ kind: "managedIdentity", clientId: "0f0e0d0c-0000-4000-8000-000000000001" });
  });

  it("uses the system-assigned managed identity when AZURE_CLIENT_ID is absent in Azure", () => {
    expect(loadAppConfig({ ...azure, GRAPH_CLOUD: "Global" }).credential).toEqual({ kind: "managedIdentity" });
  });

  it("refuses an AZURE_CLIENT_ID that is not a GUID", () => {
    expect(configErrorOf({ ...azure, GRAPH_CLOUD: "Global", AZURE_CLIENT_ID: "my-identity" }).setting).toBe("AZURE_CLIENT_ID");
  });

  it("uses Azure CLI credentials outside Azure", () => {
    expect(loadAppConfig({ GRAPH_CLOUD: "Global" }).credential).toEqual({ kind: "azureCli" });
  });

  it("refuses Azure CLI credentials inside Azure rather than falling back", () => {
    expect(configErrorOf({ GRAPH_CLOUD: "Global", WEBSITE_INSTANCE_ID: "abc", GRAPH_CREDENTIAL: "azureCli" }).setting).toBe("GRAPH_CREDENTIAL");
  });

  it("refuses to start in Azure without a managed identity endpoint", () => {
    expect(configErrorOf({ GRAPH_CLOUD: "Global", WEBSITE_INSTANCE_ID: "abc" }).setting).toBe("IDENTITY_ENDPOINT");
  });

  it("reads the retry budget settings", () => {
    const config = loadAppConfig({ ...azure, GRAPH_CLOUD: "Global", GRAPH_INLINE_RETRY_BUDGET_MS: "2500", GRAPH_MAX_INLINE_RETRIES: "5", GRAPH_REQUEST_TIMEOUT_MS: "4000" });
    expect(config.graph).toMatchObject({ inlineRetryBudgetMs: 2_500, maxInlineRetries: 5, requestTimeoutMs: 4_000 });
  });

  it.each([
    ["GRAPH_INLINE_RETRY_BUDGET_MS", "-1"],
    ["GRAPH_INLINE_RETRY_BUDGET_MS", "ten"],
    ["GRAPH_MAX_INLINE_RETRIES", "11"],
    ["GRAPH_REQUEST_TIMEOUT_MS", "50"],
    ["REPROCESS_CHECK_STATE", "maybe"],
  ])("fails naming %s when it is %s", (setting, value) => {
    expect(configErrorOf({ ...azure, GRAPH_CLOUD: "Global", [setting]: value }).setting).toBe(setting);
  });

  it("checks the state first unless REPROCESS_CHECK_STATE is false", () => {
    expect(loadAppConfig({ ...azure, GRAPH_CLOUD: "Global" }).reprocess.checkStateFirst).toBe(true);
    expect(loadAppConfig({ ...azure, GRAPH_CLOUD: "Global", REPROCESS_CHECK_STATE: "false" }).reprocess.checkStateFirst).toBe(false);
  });
});
