import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback } from "../support/listenOnLoopback";
import { loadMainInFreshProcess, type HostLoadResult } from "../support/host/loadMainInFreshProcess";
import { observeChildNetwork, type NetworkEvent } from "../support/observedNetwork";
import { privatelyBuiltMain } from "../support/host/privatelyBuiltMain";
import { sampleLocalSettings } from "../support/host/sampleLocalSettings";
import { testCertificate } from "../support/testCertificate";

interface ObservedStart {
  readonly result: HostLoadResult;
  readonly network: NetworkEvent[];
}

let main: string;

async function startObserved(settings: Readonly<Record<string, string>>): Promise<ObservedStart> {
  const observation = observeChildNetwork();
  try {
    const result = await loadMainInFreshProcess({ ...sampleLocalSettings(), ...settings, ...observation.env }, main);
    return { result, network: observation.events() };
  } finally {
    observation.dispose();
  }
}

beforeAll(() => {
  main = privatelyBuiltMain();
}, 120_000);

// A non-loopback server cannot be bound here, so "no token reaches that host" is proven in two
// steps: the setting is refused while the app loads, before anything is registered; and the
// process that refused it opened no connection at all (every TCP connection and HTTP request it
// starts is observed). The controls below show the observer does see connections, and that the
// same start succeeds with an allowed value.
describe.each([
  ["an arbitrary host", "Global", "https://graph.example.com"],
  ["another cloud's Graph host", "Global", "https://graph.microsoft.us"],
  ["a look-alike of the cloud's Graph host", "USGov", "https://graph.microsoft.us.evil.example"],
  ["a private address", "China", "https://10.0.0.5"],
  ["the instance metadata address", "Global", "https://169.254.169.254"],
  ["loopback over plain http", "Global", "http://127.0.0.1:8443"],
])("starting the app with GRAPH_BASE_URL set to %s", (_label, cloud, baseUrl) => {
  let start: ObservedStart;

  beforeAll(async () => {
    start = await startObserved({ GRAPH_CLOUD: cloud, GRAPH_BASE_URL: baseUrl });
  }, 60_000);

  it("fails with a message naming GRAPH_BASE_URL", () => {
    expect(start.result.exitCode).not.toBe(0);
    expect(start.result.stderr).toContain("ConfigError: GRAPH_BASE_URL");
  });

  it("registers no function", () => {
    expect(start.result.registrations).toEqual([]);
  });

  it("opens no connection and sends no request", () => {
    expect(start.network).toEqual([]);
  });
});

describe("the start-up checks' controls", () => {
  const server = createServer({ cert: readFileSync(testCertificate.certPath), key: readFileSync(testCertificate.keyPath) }, (_request, response) => response.end());
  let port: number;

  beforeAll(async () => {
    port = await listenOnLoopback(server, 0);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("the network observer records a connection a child process makes", async () => {
    const observation = observeChildNetwork();
    try {
      const script = `require("node:https").get({ host: "127.0.0.1", port: ${port}, ca: require("node:fs").readFileSync(${JSON.stringify(testCertificate.certPath)}) }, (r) => r.resume());`;
      const child = spawn(process.execPath, ["-e", script], { env: { PATH: process.env.PATH ?? "", ...observation.env }, stdio: "ignore" });
      await new Promise((resolve) => child.on("close", resolve));
      expect(observation.events()).toContainEqual(expect.objectContaining({ channel: "net.client.socket", remote: `127.0.0.1:${port}` }));
    } finally {
      observation.dispose();
    }
  });

  it("the same start succeeds and registers functions with a loopback GRAPH_BASE_URL", async () => {
    const start = await startObserved({ GRAPH_CLOUD: "Global", GRAPH_BASE_URL: `https://127.0.0.1:${port}` });
    expect(start.result.exitCode).toBe(0);
    expect(start.result.registrations.length).toBeGreaterThan(0);
  });
});
