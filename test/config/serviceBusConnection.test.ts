import { describe, expect, it } from "vitest";
import { loadAppConfig } from "../../src/config/appConfig";
import { ConfigError } from "../../src/config/configError";
import { thrownConfigError } from "../support/thrownConfigError";

const base = { GRAPH_CLOUD: "Global", IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token", IDENTITY_HEADER: "h" };
const clientId = "0f0e0d0c-0000-4000-8000-000000000001";
const emulator = "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=k;SharedAccessKey=secret-value;UseDevelopmentEmulator=true";

function refusal(env: Record<string, string>): ConfigError {
  return thrownConfigError(() => loadAppConfig({ ...base, ...env }));
}

describe("the ServiceBusConnection settings", () => {
  it("are optional: without them the queue path is simply not configured", () => {
    expect(loadAppConfig(base).serviceBus).toBeUndefined();
  });

  it("use a plain ServiceBusConnection connection string when present", () => {
    expect(loadAppConfig({ ...base, ServiceBusConnection: emulator }).serviceBus).toEqual({ kind: "connectionString", connectionString: emulator, endpoint: "127.0.0.1:5672" });
  });

  it("prefer the connection string over the identity-based settings, as the host does", () => {
    const config = loadAppConfig({ ...base, ServiceBusConnection: emulator, ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net" });
    expect(config.serviceBus?.kind).toBe("connectionString");
  });

  it("refuse a connection string without an sb:// endpoint, without showing its value", () => {
    const error = refusal({ ServiceBusConnection: "SharedAccessKeyName=k;SharedAccessKey=secret-value" });
    expect(error.setting).toBe("ServiceBusConnection");
    expect(error.message).not.toContain("secret-value");
  });

  it("refuse a connection string without a key", () => {
    expect(refusal({ ServiceBusConnection: "Endpoint=sb://127.0.0.1:5672" }).setting).toBe("ServiceBusConnection");
  });

  it("use the namespace with the system-assigned identity when no client id is set anywhere", () => {
    expect(loadAppConfig({ ...base, ServiceBusConnection__fullyQualifiedNamespace: "NS.servicebus.windows.net" }).serviceBus).toEqual({ kind: "identity", fullyQualifiedNamespace: "ns.servicebus.windows.net" });
  });

  it("use the user-assigned identity Graph uses when __clientId names it with __credential=managedidentity", () => {
    const config = loadAppConfig({
      ...base,
      AZURE_CLIENT_ID: clientId,
      ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net",
      ServiceBusConnection__credential: "managedidentity",
      ServiceBusConnection__clientId: clientId.toUpperCase(),
    });
    expect(config.serviceBus).toEqual({ kind: "identity", fullyQualifiedNamespace: "ns.servicebus.windows.net", clientId });
  });

  it.each([
    ["a URL", "sb://ns.servicebus.windows.net/"],
    ["another cloud's namespace", "ns.servicebus.usgovcloudapi.net"],
    ["a bare name", "ns"],
  ])("refuse a fully qualified namespace that is %s", (_label, value) => {
    expect(refusal({ ServiceBusConnection__fullyQualifiedNamespace: value }).setting).toBe("ServiceBusConnection__fullyQualifiedNamespace");
  });

  it("accept a namespace of the configured national cloud", () => {
    const config = loadAppConfig({ ...base, GRAPH_CLOUD: "China", ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.chinacloudapi.cn" });
    expect(config.serviceBus?.kind).toBe("identity");
  });

  it("refuse a credential other than managedidentity", () => {
    const error = refusal({ ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net", ServiceBusConnection__credential: "clientsecret" });
    expect(error.setting).toBe("ServiceBusConnection__credential");
  });

  it("refuse a __clientId naming another identity than AZURE_CLIENT_ID", () => {
    const error = refusal({
      AZURE_CLIENT_ID: clientId,
      ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net",
      ServiceBusConnection__credential: "managedidentity",
      ServiceBusConnection__clientId: "0f0e0d0c-0000-4000-8000-000000000002",
    });
    expect(error.setting).toBe("ServiceBusConnection__clientId");
  });

  it("refuse a missing __clientId when Graph uses a user-assigned identity", () => {
    const error = refusal({ AZURE_CLIENT_ID: clientId, ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net" });
    expect(error.setting).toBe("ServiceBusConnection__clientId");
    expect(error.message).toContain(clientId);
  });

  it("refuse a __clientId without __credential=managedidentity, which the host would ignore", () => {
    const error = refusal({ AZURE_CLIENT_ID: clientId, ServiceBusConnection__fullyQualifiedNamespace: "ns.servicebus.windows.net", ServiceBusConnection__clientId: clientId });
    expect(error.setting).toBe("ServiceBusConnection__credential");
  });
});
