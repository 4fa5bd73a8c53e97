import { createHttpHeaders, createPipelineRequest, isRestError } from "@azure/core-rest-pipeline";
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeHttpsClient } from "../../src/graph/nodeHttpsClient";
import { GraphEmulator } from "../support/graph/graphEmulator";
import { listenOnLoopback } from "../support/listenOnLoopback";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe("NodeHttpsClient", () => {
  const client = new NodeHttpsClient();
  let server: Server;
  let origin: string;
  let handler: Handler = (_request, _body, response) => response.end();
  let connections = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        handler(request, Buffer.concat(chunks).toString("utf8"), response);
      });
    });
    server.on("connection", () => (connections += 1));
    origin = `http://127.0.0.1:${await listenOnLoopback(server, 0)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  });

  const plain = (path: string, extra: Partial<Parameters<typeof createPipelineRequest>[0]> = {}) =>
    createPipelineRequest({ url: `${origin}${path}`, allowInsecureConnection: true, ...extra });

  it("returns the status, headers and body text of an answer", async () => {
    handler = (_request, _body, response) => {
      response.writeHead(404, { "request-id": "abc", "content-type": "application/json" }).end('{"error":{}}');
    };
    const response = await client.sendRequest(plain("/x"));
    expect({ status: response.status, requestId: response.headers.get("request-id"), body: response.bodyAsText }).toEqual({ status: 404, requestId: "abc", body: '{"error":{}}' });
  });

  it("sends the request's method, headers and string body with its length", async () => {
    let seen: { method?: string | undefined; header?: string | undefined; length?: string | undefined; body: string } = { body: "" };
    handler = (request, body, response) => {
      seen = { method: request.method, header: request.headers["x-test"] as string, length: request.headers["content-length"], body };
      response.end();
    };
    await client.sendRequest(plain("/x", { method: "PATCH", headers: createHttpHeaders({ "x-test": "yes" }), body: "héllo" }));
    expect(seen).toEqual({ method: "PATCH", header: "yes", length: "6", body: "héllo" });
  });

  it("reuses one connection for calls made one after another", async () => {
    handler = (_request, _body, response) => response.end("ok");
    const before = connections;
    for (let index = 0; index < 5; index++) await client.sendRequest(plain("/x"));
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("decodes a gzip-encoded body", async () => {
    handler = (_request, _body, response) => response.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync("compressed"));
    expect((await client.sendRequest(plain("/x"))).bodyAsText).toBe("compressed");
  });

  it("refuses a body it does not support rather than sending something else", async () => {
    await expect(client.sendRequest(plain("/x", { body: new Blob(["x"]) }))).rejects.toMatchObject({ code: "REQUEST_SEND_ERROR" });
  });

  it("refuses plain http unless the request allows insecure connections", async () => {
    await expect(client.sendRequest(createPipelineRequest({ url: `${origin}/x` }))).rejects.toThrow(/allowInsecureConnection/);
  });

  it("rejects with an AbortError when the caller's signal fires", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const sent = client.sendRequest(plain("/hang", { abortSignal: controller.signal }));
    setTimeout(() => { controller.abort(); }, 50);
    await expect(sent).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects with an AbortError when the request's timeout passes", async () => {
    handler = () => undefined;
    await expect(client.sendRequest(plain("/hang", { timeout: 100 }))).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects a reset connection with a RestError carrying the system error code", async () => {
    handler = (request) => (request.socket).resetAndDestroy();
    const error: unknown = await client.sendRequest(plain("/reset")).catch((caught: unknown) => caught);
    expect(isRestError(error) && error.code).toBe("ECONNRESET");
  });

  it("sends through the request's own agent when the proxy policy set one", async () => {
    handler = (_request, _body, response) => response.end();
    const agent = new Agent({ keepAlive: false });
    let created = 0;
    const createConnection = agent.createConnection.bind(agent);
    agent.createConnection = (...args: Parameters<typeof createConnection>) => {
      created += 1;
      return createConnection(...args);
    };
    const request = plain("/x");
    request.agent = agent;
    await client.sendRequest(request);
    expect(created).toBe(1);
  });
});

describe("NodeHttpsClient over HTTPS", () => {
  let emulator: GraphEmulator;

  beforeAll(async () => {
    emulator = await GraphEmulator.start();
  });
  afterAll(async () => emulator.close());

  it("talks TLS to a server the process trusts", async () => {
    const response = await new NodeHttpsClient().sendRequest(createPipelineRequest({ url: `${emulator.baseUrl}/v1.0/identityGovernance/entitlementManagement/assignments` }));
    expect(response.status).toBe(401);
  });
});
