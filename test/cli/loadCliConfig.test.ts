import { describe, expect, it } from "vitest";
import { loadCliConfig } from "../../src/cli/loadCliConfig";
import { UsageError } from "../../src/cli/cliCommand";
import { ConfigError } from "../../src/config/configError";

const local = { GRAPH_CLOUD: "Global" };

describe("loadCliConfig", () => {
  it("lets --cloud override GRAPH_CLOUD, in any case", () => {
    const config = loadCliConfig(local, { cloud: "usgov" });

    expect(config.graph.cloud.name).toBe("USGov");
    expect(config.graph.scope).toBe("https://graph.microsoft.us/.default");
  });

  it("refuses an unknown --cloud naming the flag and the accepted values", () => {
    expect(() => loadCliConfig(local, { cloud: "Mars" })).toThrow(UsageError);
    expect(() => loadCliConfig(local, { cloud: "Mars" })).toThrow("--cloud \"Mars\" is not a cloud; accepted values: Global, USGov, USGovDoD, China.");
  });

  it("uses the Azure CLI's login outside Azure, as the app's rules say", () => {
    expect(loadCliConfig(local, { cloud: undefined }).credential.kind).toBe("azureCli");
  });

  it("applies the command's inline retry budget default only when the setting is absent", () => {
    expect(loadCliConfig(local, { cloud: undefined, defaultInlineRetryBudgetMs: 0 }).graph.inlineRetryBudgetMs).toBe(0);
    expect(loadCliConfig({ ...local, GRAPH_INLINE_RETRY_BUDGET_MS: "5000" }, { cloud: undefined, defaultInlineRetryBudgetMs: 0 }).graph.inlineRetryBudgetMs).toBe(5000);
  });

  it("keeps the app's inline retry budget when the command sets no default", () => {
    expect(loadCliConfig(local, { cloud: undefined }).graph.inlineRetryBudgetMs).toBe(10_000);
  });

  it("reports a missing cloud as a ConfigError naming GRAPH_CLOUD", () => {
    expect(() => loadCliConfig({}, { cloud: undefined })).toThrow(ConfigError);
  });
});
