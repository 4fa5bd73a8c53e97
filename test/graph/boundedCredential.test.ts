import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphClient } from "../../src/graph/graphClient";
import { GraphEmulator } from "../support/graph/graphEmulator";

const delivered = "11111111-1111-4111-8111-111111111111";

/** A managed identity endpoint that never answers, as far as the caller can tell: it only ever gives up when aborted. */
const silentCredential: TokenCredential = {
  getToken: (_scopes: string | string[], options?: GetTokenOptions) =>
    new Promise<AccessToken | null>((_resolve, reject) => {
      options?.abortSignal?.addEventListener("abort", () => {
        reject(new Error("token request aborted"));
      });
    }),
};

describe("GraphClient with a token request that never answers", () => {
  let emulator: GraphEmulator;

  beforeAll(async () => {
    emulator = await GraphEmulator.start({ assignments: [{ id: delivered, state: "delivered", accessPackageId: delivered, targetObjectId: delivered }] });
  });
  afterAll(async () => emulator.close());

  it("gives up each attempt after the request timeout and reports a timeout once retries are spent", async () => {
    const client = new GraphClient({
      baseUrl: emulator.baseUrl,
      scope: emulator.graphScope,
      credential: silentCredential,
      inlineRetryBudgetMs: 1_000,
      maxInlineRetries: 1,
      requestTimeoutMs: 200,
      backoff: { baseDelayMs: 10, maxDelayMs: 10 },
    });
    const response = await client.reprocessAssignment(delivered, { abortSignal: AbortSignal.timeout(20_000) });
    expect(!response.ok && response.error.code).toBe("timeout");
    expect(!response.ok && response.error.retries).toBe(1);
    expect(emulator.requests).toHaveLength(0);
  });
});
