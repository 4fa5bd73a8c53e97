import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createEmptyPipeline, createPipelineRequest, type Pipeline } from "@azure/core-rest-pipeline";
import { createGraphPipeline } from "../../src/graph/graphPipeline";
import { listenOnLoopback } from "./listenOnLoopback";

// A process that makes three authenticated calls over HTTPS and then sits idle past its token's
// expiry, while the identity endpoint refuses every renewal. Argument: "sdkPolicy" (the SDK's
// bearer policy on its own) or "graphPipeline" (the app's pipeline). Exits 0 if it survives, and
// prints how often a token was asked for.

const tokenLifetimeMs = 3_000;
const scope = "https://graph.microsoft.com/.default";

let asked = 0;
const credential: TokenCredential = {
  getToken(): Promise<AccessToken> {
    asked += 1;
    if (asked === 1) return Promise.resolve({ token: "first", expiresOnTimestamp: Date.now() + tokenLifetimeMs });
    return Promise.reject(new Error(`identity endpoint refused token request ${asked}`));
  },
};

function pipelineFor(kind: string): Pipeline {
  if (kind === "graphPipeline") return createGraphPipeline({ scope, credential, inlineRetryBudgetMs: 0, maxInlineRetries: 0, requestTimeoutMs: 1_000 }).pipeline;
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
  return pipeline;
}

async function main(kind: string): Promise<void> {
  const certs = "test/support/certs";
  const server = createServer({ cert: readFileSync(`${certs}/localhost.crt`), key: readFileSync(`${certs}/localhost.key`) }, (_request, response) => {
    response.end("ok");
  });
  const port = await listenOnLoopback(server, 0);
  const pipeline = pipelineFor(kind);
  const client = createDefaultHttpClient();
  const call = async (): Promise<void> => {
    const response = await pipeline.sendRequest(client, createPipelineRequest({ url: `https://localhost:${port}/`, method: "GET" }));
    if (response.status !== 200) throw new Error(`status ${response.status}`);
  };
  // The first call gets the token; the next two fall in the policy's renewal window (two minutes
  // before expiry, so at once for a 3-second token), the last also past half the token's life.
  await call();
  await call();
  await sleep(tokenLifetimeMs / 2 + 200);
  await call();
  server.close();
  await sleep(tokenLifetimeMs + 4_000);
  process.stdout.write(`survived; token asked for ${asked} times\n`);
}

main(process.argv[2] ?? "").catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
