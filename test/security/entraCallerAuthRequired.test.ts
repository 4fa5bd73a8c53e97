import { beforeAll, describe, expect, it } from "vitest";
import { loadMainInFreshProcess, type HostLoadResult } from "../support/host/loadMainInFreshProcess";
import { privatelyBuiltMain } from "../support/host/privatelyBuiltMain";
import { sampleLocalSettings } from "../support/host/sampleLocalSettings";
import { localIdentity } from "../support/identity/localIdentity";

const entraSettings = {
  HTTP_AUTH: "entra",
  HTTP_AUTH_TENANT_ID: localIdentity.tenantId,
  HTTP_AUTH_AUDIENCE: localIdentity.audience,
  HTTP_AUTH_AUTHORITY_URL: "https://127.0.0.1:8444",
};

function httpAuthLevels(loaded: HostLoadResult): (string | undefined)[] {
  return loaded.registrations.flatMap((registration) => Object.values(registration.bindings).filter((binding) => binding.type === "httpTrigger").map((binding) => binding.authLevel));
}

// Checked on what the host would index, so a route added anywhere is covered: with HTTP_AUTH=entra
// the host must not ask for a function key (callers have none), because the app checks tokens.
describe("every HTTP route the app registers with HTTP_AUTH=entra", () => {
  let loaded: HostLoadResult;

  beforeAll(async () => {
    loaded = await loadMainInFreshProcess({ ...sampleLocalSettings(), ...entraSettings }, privatelyBuiltMain());
  }, 120_000);

  it("loads, and registers at least one HTTP trigger", () => {
    expect([loaded.exitCode, loaded.stderr, httpAuthLevels(loaded).length > 0]).toEqual([0, "", true]);
  });

  it("is anonymous to the host", () => {
    expect(httpAuthLevels(loaded).every((level) => level === "anonymous")).toBe(true);
  });
});

describe("an app started with HTTP_AUTH=entra and no HTTP_AUTH_TENANT_ID", () => {
  it("stops at start-up naming the setting", async () => {
    const loaded = await loadMainInFreshProcess({ ...sampleLocalSettings(), ...entraSettings, HTTP_AUTH_TENANT_ID: "" }, privatelyBuiltMain());
    expect([loaded.exitCode === 0, loaded.stderr.includes("ConfigError: HTTP_AUTH_TENANT_ID")]).toEqual([false, true]);
  }, 120_000);
});
