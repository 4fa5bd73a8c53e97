import { describe, expect, it } from "vitest";
import { functionsHostEnvironment } from "./functionsHostEnvironment";

const emulatorSettings = { GRAPH_BASE_URL: "https://127.0.0.1:8443", NODE_EXTRA_CA_CERTS: "/repo/test/support/certs/localhost.crt" };

describe("functionsHostEnvironment", () => {
  it("gives the host the emulator's certificate through NODE_EXTRA_CA_CERTS", () => {
    expect(functionsHostEnvironment({}, emulatorSettings).NODE_EXTRA_CA_CERTS).toBe("/repo/test/support/certs/localhost.crt");
  });

  it("lets the emulator's settings win over the developer's environment", () => {
    expect(functionsHostEnvironment({ GRAPH_BASE_URL: "https://graph.microsoft.com" }, emulatorSettings).GRAPH_BASE_URL).toBe("https://127.0.0.1:8443");
  });

  it("keeps the rest of the developer's environment, PATH included, and runs the Node worker with managed identity", () => {
    const env = functionsHostEnvironment({ PATH: "/usr/bin", HOME: "/home/me" }, emulatorSettings);

    expect(env).toMatchObject({ PATH: "/usr/bin", HOME: "/home/me", FUNCTIONS_WORKER_RUNTIME: "node", GRAPH_CREDENTIAL: "managedIdentity" });
  });
});
