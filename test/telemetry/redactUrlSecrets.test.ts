import { describe, expect, it } from "vitest";
import { redactUrlSecrets } from "../../src/telemetry/redactUrlSecrets";

describe("redactUrlSecrets", () => {
  it("leaves a URL without credentials exactly as it was, encoding included", () => {
    const url = "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/assignments?$filter=state%20eq%20'delivered'&$top=100";
    expect(redactUrlSecrets(url)).toBe(url);
  });

  it("redacts a Functions key", () => {
    expect(redactUrlSecrets("https://app.azurewebsites.net/api/x?code=abc123==&name=y")).toBe("https://app.azurewebsites.net/api/x?code=REDACTED&name=y");
  });

  it("redacts a SAS signature and keeps the other SAS fields", () => {
    expect(redactUrlSecrets("https://a.blob.core.windows.net/c/b?sv=2024-11-04&se=2030-01-01&sig=AbC%2Bd%3D")).toBe("https://a.blob.core.windows.net/c/b?sv=2024-11-04&se=2030-01-01&sig=REDACTED");
  });

  it.each(["access_token", "client_secret", "SharedAccessKey", "api-key", "x-identity-header"])("redacts %s whatever its case", (name) => {
    expect(redactUrlSecrets(`https://h/p?a=1&${name.toUpperCase()}=s3cret#f`)).toBe(`https://h/p?a=1&${name.toUpperCase()}=REDACTED#f`);
  });

  it("redacts user info before the host", () => {
    expect(redactUrlSecrets("https://user:pa55@host.example/path")).toBe("https://REDACTED@host.example/path");
  });

  it("redacts a bare query string", () => {
    expect(redactUrlSecrets("?sig=abc&sv=1")).toBe("?sig=REDACTED&sv=1");
  });

  it("does not touch a parameter whose name merely contains a secret's name", () => {
    expect(redactUrlSecrets("https://h/p?monkey=1&postcode=2")).toBe("https://h/p?monkey=1&postcode=2");
  });
});
