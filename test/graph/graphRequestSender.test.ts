import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import { format } from "node:util";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { AzureLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GraphRequestSender } from "../../src/graph/graphRequestSender";
import { listenOnLoopback } from "../support/listenOnLoopback";
import { testCertificate } from "../support/testCertificate";

const token = "eyJ0eXAiOiJKV1QifQ.the-secret-part-of-the-token.c2lnbmF0dXJl";
const credential: TokenCredential = {
  getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const assignmentPath = "/v1.0/identityGovernance/entitlementManagement/assignments/11111111-1111-4111-8111-111111111111/reprocess";

// The sender over the SDK's default HTTP client, against an HTTPS server trusted through
// NODE_EXTRA_CA_CERTS as the emulators are: what the app relies on from that client.
describe("GraphRequestSender", () => {
  let server: Server;
  let origin: string;
  let tlsConnections = 0;
  let sender: GraphRequestSender;

  beforeAll(async () => {
    const [cert, key] = await Promise.all([readFile(testCertificate.certPath), readFile(testCertificate.keyPath)]);
    server = createServer({ cert, key }, (request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(202, { "request-id": "graph-side-id" }).end());
    });
    server.on("secureConnection", () => (tlsConnections += 1));
    origin = `https://127.0.0.1:${await listenOnLoopback(server, 0)}`;
    sender = new GraphRequestSender({ scope: "https://graph.microsoft.com/.default", credential, inlineRetryBudgetMs: 0, maxInlineRetries: 0, requestTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  });

  it("reuses one TLS connection for calls made one after another", async () => {
    await sender.send("POST", `${origin}${assignmentPath}`);
    const before = tlsConnections;
    for (let index = 0; index < 5; index++) {
      const response = await sender.send("POST", `${origin}${assignmentPath}`);
      expect(response.ok).toBe(true);
    }
    expect(tlsConnections - before).toBe(0);
  });

  describe("with AZURE_LOG_LEVEL at info", () => {
    const logged: string[] = [];
    const originalLog = AzureLogger.log;
    const originalLevel = getLogLevel();

    beforeEach(() => {
      logged.length = 0;
      AzureLogger.log = (...args: unknown[]) => logged.push(format(...args));
      setLogLevel("info");
    });
    afterEach(() => {
      setLogLevel(originalLevel);
      AzureLogger.log = originalLog;
    });

    it("logs each Graph call with its URL and Graph's answer, like any Azure SDK client", async () => {
      await sender.send("POST", `${origin}${assignmentPath}`);
      const text = logged.join("\n");
      expect(text).toContain(`${origin}${assignmentPath}`);
      expect(text).toContain("Response status code: 202");
    });

    it("logs the Authorization header redacted and never the bearer token", async () => {
      await sender.send("POST", `${origin}${assignmentPath}`);
      const text = logged.join("\n");
      expect(text).toMatch(/"authorization": "REDACTED"/i);
      expect(text).not.toContain(token);
      expect(text).not.toContain("the-secret-part-of-the-token");
    });
  });
});
