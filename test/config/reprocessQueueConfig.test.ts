import { describe, expect, it } from "vitest";
import { loadAppConfig } from "../../src/config/appConfig";
import { thrownConfigError } from "../support/thrownConfigError";

const base = { GRAPH_CLOUD: "Global", IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token", IDENTITY_HEADER: "h" };

function settingRefused(env: Record<string, string>): string {
  return thrownConfigError(() => loadAppConfig({ ...base, ...env })).setting;
}

describe("the reprocess queue settings", () => {
  it("default to queues reprocess and reprocess-parked, 10 attempts, 30 s doubling to 15 min", () => {
    expect(loadAppConfig(base).queue).toEqual({
      queueName: "reprocess",
      parkedQueueName: "reprocess-parked",
      maxAttempts: 10,
      retryBackoff: { baseDelayMs: 30_000, maxDelayMs: 900_000 },
      verification: { afterMs: 300_000, maxMs: 21_600_000, maxIntervalMs: 3_600_000 },
    });
  });

  it("are read from their settings", () => {
    const config = loadAppConfig({
      ...base,
      REPROCESS_QUEUE_NAME: "work/reprocess",
      REPROCESS_PARKED_QUEUE_NAME: "work.parked",
      REPROCESS_MAX_ATTEMPTS: "3",
      REPROCESS_RETRY_BASE_DELAY_MS: "1000",
      REPROCESS_RETRY_MAX_DELAY_MS: "5000",
    });
    expect(config.queue).toMatchObject({ queueName: "work/reprocess", parkedQueueName: "work.parked", maxAttempts: 3, retryBackoff: { baseDelayMs: 1_000, maxDelayMs: 5_000 } });
  });

  it.each([
    ["REPROCESS_QUEUE_NAME", "-starts-with-hyphen"],
    ["REPROCESS_QUEUE_NAME", "has space"],
    ["REPROCESS_PARKED_QUEUE_NAME", "x".repeat(261)],
    ["REPROCESS_MAX_ATTEMPTS", "0"],
    ["REPROCESS_MAX_ATTEMPTS", "101"],
    ["REPROCESS_RETRY_BASE_DELAY_MS", "10"],
    ["REPROCESS_RETRY_MAX_DELAY_MS", "soon"],
  ])("fail naming %s when it is %s", (setting, value) => {
    expect(settingRefused({ [setting]: value })).toBe(setting);
  });

  it("refuse a parked queue that is the work queue, in any case", () => {
    expect(settingRefused({ REPROCESS_QUEUE_NAME: "Reprocess", REPROCESS_PARKED_QUEUE_NAME: "reprocess" })).toBe("REPROCESS_PARKED_QUEUE_NAME");
  });

  it("refuse a maximum delay below the base delay", () => {
    expect(settingRefused({ REPROCESS_RETRY_BASE_DELAY_MS: "60000", REPROCESS_RETRY_MAX_DELAY_MS: "30000" })).toBe("REPROCESS_RETRY_MAX_DELAY_MS");
  });

  it("turn verification off with REPROCESS_VERIFY_AFTER_MS=0", () => {
    expect(loadAppConfig({ ...base, REPROCESS_VERIFY_AFTER_MS: "0" }).queue.verification).toBeUndefined();
  });

  it("read the verification's first delay and bound from their settings", () => {
    expect(loadAppConfig({ ...base, REPROCESS_VERIFY_AFTER_MS: "60000", REPROCESS_VERIFY_MAX_MS: "7200000" }).queue.verification).toEqual({ afterMs: 60_000, maxMs: 7_200_000, maxIntervalMs: 3_600_000 });
  });

  it("refuse a verification bound shorter than its first delay, naming the bound", () => {
    expect(settingRefused({ REPROCESS_VERIFY_AFTER_MS: "600000", REPROCESS_VERIFY_MAX_MS: "60000" })).toBe("REPROCESS_VERIFY_MAX_MS");
  });
});
