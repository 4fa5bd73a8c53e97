import { describe, expect, it } from "vitest";
import { getNationalCloud, nationalCloudNames } from "../../src/clouds/nationalCloud";
import { readHttpAuthConfig } from "../../src/config/httpAuthConfig";
import { SettingReader } from "../../src/config/settingReader";
import { thrownConfigError } from "../support/thrownConfigError";

const tenantId = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
const entra = { HTTP_AUTH: "entra", HTTP_AUTH_TENANT_ID: tenantId, HTTP_AUTH_AUDIENCE: "api://reprocessor" };

function read(env: Record<string, string>, cloud: (typeof nationalCloudNames)[number] = "Global") {
  return readHttpAuthConfig(new SettingReader(env), getNationalCloud(cloud));
}

describe("HTTP_AUTH", () => {
  it("defaults to function keys, as before the setting existed", () => {
    expect(read({})).toEqual({ kind: "functionKey" });
  });

  it("ignores the Entra settings in functionKey mode", () => {
    expect(read({ ...entra, HTTP_AUTH: "functionKey", HTTP_AUTH_AUTHORITY_URL: "https://evil.example" })).toEqual({ kind: "functionKey" });
  });

  it("refuses an unknown mode, naming HTTP_AUTH", () => {
    expect(thrownConfigError(() => read({ HTTP_AUTH: "apiKey" })).setting).toBe("HTTP_AUTH");
  });

  it("reads the tenant in lower case, the audience and the default role Reprocess.Invoke", () => {
    expect(read({ ...entra, HTTP_AUTH_TENANT_ID: tenantId.toUpperCase() })).toMatchObject({ kind: "entra", tenantId, audience: "api://reprocessor", role: "Reprocess.Invoke" });
  });

  it.each(nationalCloudNames)("accepts in %s the v1.0 and v2.0 issuers of the tenant from the cloud table", (name) => {
    const cloud = getNationalCloud(name);
    expect(read(entra, name)).toMatchObject({ issuers: [cloud.tokenIssuerV1.replace("{tenantId}", tenantId), cloud.tokenIssuerV2.replace("{tenantId}", tenantId)] });
  });

  it.each(nationalCloudNames)("reads %s's signing keys through the cloud's authority host", (name) => {
    expect(read(entra, name)).toMatchObject({ metadataUrl: `${getNationalCloud(name).authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration` });
  });

  it("reads the signing keys from a loopback emulator when HTTP_AUTH_AUTHORITY_URL names one", () => {
    expect(read({ ...entra, HTTP_AUTH_AUTHORITY_URL: "https://127.0.0.1:8444" })).toMatchObject({ metadataUrl: `https://127.0.0.1:8444/${tenantId}/v2.0/.well-known/openid-configuration` });
  });

  it("keeps the cloud's real issuers when the authority is an emulator", () => {
    expect(read({ ...entra, HTTP_AUTH_AUTHORITY_URL: "https://127.0.0.1:8444" })).toMatchObject({ issuers: [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`] });
  });

  it("reads HTTP_AUTH_ISSUERS in place of the cloud table's issuers, with {tenantId} replaced", () => {
    expect(read({ ...entra, HTTP_AUTH_ISSUERS: "https://sts.usgovcloudapi.net/{tenantId}/, https://login.microsoftonline.us/literal/v2.0" }, "USGov")).toMatchObject({
      issuers: [`https://sts.usgovcloudapi.net/${tenantId}/`, "https://login.microsoftonline.us/literal/v2.0"],
    });
  });

  it.each([
    ["an http issuer", "http://sts.windows.net/{tenantId}/"],
    ["something that is not a URL", "sts.windows.net/{tenantId}/"],
    ["an empty entry", "https://sts.windows.net/{tenantId}/,"],
    ["a placeholder other than {tenantId}", "https://sts.windows.net/{tenant}/"],
    ["an entry with a space", "https://sts.windows.net/{tenantId}/ https://evil.example/"],
    ["more than four issuers", Array.from({ length: 5 }, (_, index) => `https://issuer${index}.example/{tenantId}/`).join(",")],
  ])("stops the app at start-up naming HTTP_AUTH_ISSUERS when it holds %s", (_, value) => {
    expect(thrownConfigError(() => read({ ...entra, HTTP_AUTH_ISSUERS: value })).setting).toBe("HTTP_AUTH_ISSUERS");
  });

  it.each(["https://login.microsoftonline.us", "https://evil.example", "http://127.0.0.1:8444", "https://127.0.0.1:8444/path", "https://169.254.169.254"])(
    "refuses HTTP_AUTH_AUTHORITY_URL=%s in Global: only loopback or the cloud's own authority",
    (override) => {
      expect(thrownConfigError(() => read({ ...entra, HTTP_AUTH_AUTHORITY_URL: override })).setting).toBe("HTTP_AUTH_AUTHORITY_URL");
    },
  );

  it.each([
    ["HTTP_AUTH_TENANT_ID", { HTTP_AUTH_TENANT_ID: "" }],
    ["HTTP_AUTH_TENANT_ID", { HTTP_AUTH_TENANT_ID: "contoso.onmicrosoft.com" }],
    ["HTTP_AUTH_TENANT_ID", { HTTP_AUTH_TENANT_ID: "common" }],
    ["HTTP_AUTH_AUDIENCE", { HTTP_AUTH_AUDIENCE: "" }],
    ["HTTP_AUTH_AUDIENCE", { HTTP_AUTH_AUDIENCE: "api://a, api://b" }],
    ["HTTP_AUTH_AUDIENCE", { HTTP_AUTH_AUDIENCE: "api://a,api://b" }],
    ["HTTP_AUTH_AUDIENCE", { HTTP_AUTH_AUDIENCE: "reprocessor" }],
    ["HTTP_AUTH_ROLE", { HTTP_AUTH_ROLE: "Reprocess Invoke" }],
    ["HTTP_AUTH_ROLE", { HTTP_AUTH_ROLE: ".Reprocess" }],
  ])("stops the app at start-up naming %s when it is missing or malformed (%o)", (setting, override) => {
    expect(thrownConfigError(() => read({ ...entra, ...override })).setting).toBe(setting);
  });
});
