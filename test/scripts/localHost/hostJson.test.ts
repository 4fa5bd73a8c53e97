import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hostJsonSettings, readHostJson } from "../../../scripts/localHost/hostJson";

describe("host.json settings", () => {
  it("reads the app's own host.json: route prefix api, auto-complete, 16 concurrent calls, 5 minutes of lock renewal", () => {
    expect(readHostJson(resolve(__dirname, "../../.."))).toEqual({
      routePrefix: "api",
      serviceBus: { autoCompleteMessages: true, maxConcurrentCalls: 16, maxAutoLockRenewalDurationMs: 300_000 },
    });
  });

  it("uses the host's defaults where host.json says nothing", () => {
    expect(hostJsonSettings({ version: "2.0" })).toEqual({
      routePrefix: "api",
      serviceBus: { autoCompleteMessages: true, maxConcurrentCalls: 16, maxAutoLockRenewalDurationMs: 300_000 },
    });
  });

  it("takes an empty route prefix, which serves functions at the root", () => {
    expect(hostJsonSettings({ extensions: { http: { routePrefix: "" } } }).routePrefix).toBe("");
  });

  it("refuses a duration that is not a TimeSpan, naming the setting", () => {
    expect(() => hostJsonSettings({ extensions: { serviceBus: { maxAutoLockRenewalDuration: "5m" } } })).toThrow(/maxAutoLockRenewalDuration must be a TimeSpan/);
  });
});
