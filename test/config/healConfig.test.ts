import { describe, expect, it } from "vitest";
import { loadAppConfig } from "../../src/config/appConfig";
import { ConfigError } from "../../src/config/configError";
import { thrownConfigError } from "../support/thrownConfigError";

const base = { IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token", IDENTITY_HEADER: "h", GRAPH_CLOUD: "Global", ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net" };
const pkgA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const pkgB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

function configErrorOf(env: Record<string, string>): ConfigError {
  return thrownConfigError(() => loadAppConfig(env));
}

describe("the heal settings", () => {
  it("leave the sweep off, with a 60-day lookback and no packages, when nothing is set", () => {
    expect(loadAppConfig(base).heal).toEqual({ schedule: undefined, lookbackDays: 60, accessPackageIds: [] });
  });

  it("treat an empty HEAL_SCHEDULE as off", () => {
    expect(loadAppConfig({ ...base, HEAL_SCHEDULE: " " }).heal.schedule).toBeUndefined();
  });

  it("keep a six-field NCRONTAB schedule, with its spaces normalised", () => {
    expect(loadAppConfig({ ...base, HEAL_SCHEDULE: "0  30 4 * * *" }).heal.schedule).toBe("0 30 4 * * *");
  });

  it.each(["0 4 * * *", "every day", "0 30 4 * * * *", "0 30 4 * * ;rm"])("fail naming HEAL_SCHEDULE for %j", (schedule) => {
    expect(configErrorOf({ ...base, HEAL_SCHEDULE: schedule }).setting).toBe("HEAL_SCHEDULE");
  });

  it("fail naming HEAL_SCHEDULE for a schedule that would fire every second", () => {
    expect(configErrorOf({ ...base, HEAL_SCHEDULE: "* * * * * *" }).message).toContain("seconds field");
  });

  it("fail naming HEAL_SCHEDULE when there is no Service Bus connection to sweep through", () => {
    const withoutServiceBus = Object.fromEntries(Object.entries(base).filter(([name]) => !name.startsWith("ServiceBusConnection")));
    expect(configErrorOf({ ...withoutServiceBus, HEAL_SCHEDULE: "0 30 4 * * *" }).message).toContain("ServiceBusConnection is not");
  });

  it("read HEAL_ACCESS_PACKAGE_IDS as lower-case GUIDs without repeats, spaces allowed", () => {
    expect(loadAppConfig({ ...base, HEAL_ACCESS_PACKAGE_IDS: ` ${pkgA.toUpperCase()}, ${pkgB},${pkgA}` }).heal.accessPackageIds).toEqual([pkgA, pkgB]);
  });

  it("fail naming HEAL_ACCESS_PACKAGE_IDS and the item that is not a GUID", () => {
    const error = configErrorOf({ ...base, HEAL_ACCESS_PACKAGE_IDS: `${pkgA},{${pkgB}}` });
    expect(error.setting).toBe("HEAL_ACCESS_PACKAGE_IDS");
    expect(error.message).toContain("item 2");
  });

  it("fail naming HEAL_ACCESS_PACKAGE_IDS for an empty item, as a trailing comma gives", () => {
    expect(configErrorOf({ ...base, HEAL_ACCESS_PACKAGE_IDS: `${pkgA},` }).setting).toBe("HEAL_ACCESS_PACKAGE_IDS");
  });

  it("fail naming HEAL_ACCESS_PACKAGE_IDS for more than 100 packages", () => {
    const ids = Array.from({ length: 101 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`);
    expect(configErrorOf({ ...base, HEAL_ACCESS_PACKAGE_IDS: ids.join(",") }).setting).toBe("HEAL_ACCESS_PACKAGE_IDS");
  });

  it("read HEAL_LOOKBACK_DAYS", () => {
    expect(loadAppConfig({ ...base, HEAL_LOOKBACK_DAYS: "90" }).heal.lookbackDays).toBe(90);
  });

  it.each(["13", "401", "sixty"])("fail naming HEAL_LOOKBACK_DAYS for %s", (days) => {
    expect(configErrorOf({ ...base, HEAL_LOOKBACK_DAYS: days }).setting).toBe("HEAL_LOOKBACK_DAYS");
  });
});
