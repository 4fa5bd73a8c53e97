import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadAppConfig } from "../../src/config/appConfig";

describe("local.settings.sample.json", () => {
  const { Values: values } = JSON.parse(readFileSync("local.settings.sample.json", "utf8")) as { Values: Record<string, string> };

  it("loads as a valid configuration", () => {
    expect(() => loadAppConfig(values)).not.toThrow();
  });

  it("names every queue setting with its default", () => {
    expect(loadAppConfig(values).queue).toEqual(loadAppConfig({ ...values, REPROCESS_QUEUE_NAME: "", REPROCESS_PARKED_QUEUE_NAME: "", REPROCESS_MAX_ATTEMPTS: "", REPROCESS_RETRY_BASE_DELAY_MS: "", REPROCESS_RETRY_MAX_DELAY_MS: "", REPROCESS_VERIFY_AFTER_MS: "", REPROCESS_VERIFY_MAX_MS: "" }).queue);
  });
});
