import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { isCredentialFailure } from "../../src/cliServices";
import { classifySetupFailure, isSetupFailureError, SetupFailureError, type SetupContext } from "../../src/cli/setupFailure";

const azureCli: SetupContext = { credential: "azureCli", hostSetting: "GRAPH_CLOUD (graph.microsoft.com)", isCredentialFailure };

/** @azure/identity's errors are recognised by name, as the real ones are. */
function identityError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("classifySetupFailure", () => {
  it("tells an operator without the Azure CLI to install it and run az login", () => {
    const failure = classifySetupFailure(identityError("CredentialUnavailableError", "Azure CLI could not be found. Please visit https://aka.ms/azure-cli"), azureCli);

    expect(failure).toMatchObject({ problem: "credential" });
    expect(failure?.fix).toContain("install the Azure CLI");
    expect(failure?.fix).toContain("az login");
  });

  it("tells an operator who is not signed in to run az login", () => {
    const failure = classifySetupFailure(identityError("CredentialUnavailableError", "Please run 'az login' from a command prompt"), azureCli);

    expect(failure?.fix).toMatch(/^Fix: run 'az login'/);
  });

  it("names AZURE_TENANT_ID when the sign-in is for another tenant", () => {
    const failure = classifySetupFailure(identityError("CredentialUnavailableError", "AADSTS90002: Tenant 'contoso' not found."), azureCli);

    expect(failure?.fix).toContain("AZURE_TENANT_ID");
  });

  it("names NODE_EXTRA_CA_CERTS for a certificate chain Node does not trust", () => {
    const failure = classifySetupFailure(new RestError("self-signed certificate", { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }), azureCli);

    expect(failure).toMatchObject({ problem: "tlsTrust" });
    expect(failure?.fix).toContain("NODE_EXTRA_CA_CERTS=");
  });

  it("names the setting that chose a host name that does not resolve", () => {
    const failure = classifySetupFailure(new RestError("getaddrinfo ENOTFOUND graph.microsoft.com", { code: "ENOTFOUND" }), azureCli);

    expect(failure).toMatchObject({ problem: "dns" });
    expect(failure?.fix).toContain("GRAPH_CLOUD (graph.microsoft.com)");
  });

  it("finds the failure in an error's cause chain", () => {
    const wrapped = new Error("Sending to reprocess failed", { cause: new Error("ENOTFOUND: getaddrinfo ENOTFOUND ns.invalid") });

    expect(classifySetupFailure(wrapped, { ...azureCli, hostSetting: "ServiceBusConnection" })?.fix).toContain("ServiceBusConnection");
  });

  it("leaves a transient network failure to be retried", () => {
    expect(classifySetupFailure(new RestError("socket hang up", { code: "ECONNRESET" }), azureCli)).toBeUndefined();
    expect(classifySetupFailure(new RestError("getaddrinfo EAI_AGAIN graph.microsoft.com", { code: "EAI_AGAIN" }), azureCli)).toBeUndefined();
  });
});

describe("SetupFailureError", () => {
  it("is recognised by name and keeps the original error as its cause", () => {
    const cause = new RestError("self-signed certificate", { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    const error = new SetupFailureError({ problem: "tlsTrust", message: "untrusted", fix: "Fix: ..." }, { cause });

    expect(isSetupFailureError(error)).toBe(true);
    expect(error.cause).toBe(cause);
  });
});
