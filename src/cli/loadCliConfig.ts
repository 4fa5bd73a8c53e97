import { nationalCloudNames } from "../clouds/nationalCloud";
import { loadAppConfig, type AppConfig } from "../config/appConfig";
import type { Environment } from "../config/settingReader";
import { UsageError } from "./cliCommand";

export interface CliConfigOptions {
  /** `--cloud`, which wins over GRAPH_CLOUD. */
  readonly cloud: string | undefined;
  /** Used when GRAPH_INLINE_RETRY_BUDGET_MS is not set; undefined keeps the app's default. */
  readonly defaultInlineRetryBudgetMs?: number;
}

/**
 * The app's own configuration rules (same settings, same validation, same credential choice:
 * the Azure CLI's login outside Azure), except that `--cloud` overrides GRAPH_CLOUD and a command
 * may default GRAPH_INLINE_RETRY_BUDGET_MS differently (an explicit setting still applies).
 */
export function loadCliConfig(env: Environment, options: CliConfigOptions): AppConfig {
  const effective: Record<string, string | undefined> = { ...env };
  if (options.cloud !== undefined) {
    const cloud = nationalCloudNames.find((name) => name.toLowerCase() === options.cloud?.trim().toLowerCase());
    if (cloud === undefined) {
      throw new UsageError(`--cloud ${JSON.stringify(options.cloud)} is not a cloud; accepted values: ${nationalCloudNames.join(", ")}.`);
    }
    effective.GRAPH_CLOUD = cloud;
  }
  if (options.defaultInlineRetryBudgetMs !== undefined && (effective.GRAPH_INLINE_RETRY_BUDGET_MS ?? "").trim() === "") {
    effective.GRAPH_INLINE_RETRY_BUDGET_MS = String(options.defaultInlineRetryBudgetMs);
  }
  return loadAppConfig(effective);
}
