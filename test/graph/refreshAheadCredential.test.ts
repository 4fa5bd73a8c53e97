import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { RefreshAheadCredential } from "../../src/graph/refreshAheadCredential";
import { useUnhandledErrorCount } from "../support/useUnhandledErrorCount";

const scope = "https://graph.microsoft.com/.default";
const lifetimeMs = 60 * 60_000;

/** An inner credential answering from a script: a token valid for `lifetimeMs`, or a refusal. */
class ScriptedCredential implements TokenCredential {
  readonly requests: GetTokenOptions[] = [];
  refuse = false;
  #issued = 0;
  #pending: (() => void)[] = [];
  holdAnswers = false;

  constructor(private readonly now: () => number) {}

  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.requests.push(options ?? {});
    if (this.holdAnswers) await new Promise<void>((resolve) => this.#pending.push(resolve));
    if (this.refuse) throw new Error("identity endpoint refused");
    this.#issued += 1;
    return { token: `token-${this.#issued}`, expiresOnTimestamp: this.now() + lifetimeMs };
  }

  release(): void {
    for (const resolve of this.#pending.splice(0)) resolve();
  }
}

function setUp(): { credential: RefreshAheadCredential; inner: ScriptedCredential; advance: (ms: number) => void } {
  let nowMs = Date.parse("2026-11-28T12:00:00Z");
  const now = (): number => nowMs;
  const inner = new ScriptedCredential(now);
  const credential = new RefreshAheadCredential(inner, { now, retryIntervalMs: 2_000, refreshWindowMs: 120_000 });
  return { credential, inner, advance: (ms) => (nowMs += ms) };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("RefreshAheadCredential", () => {
  const unhandled = useUnhandledErrorCount();

  it("answers from the token it holds while that token is valid, without asking again", async () => {
    const { credential, inner, advance } = setUp();
    const first = await credential.getToken(scope);
    advance(lifetimeMs / 2);
    expect(await credential.getToken(scope)).toBe(first);
    expect(inner.requests).toHaveLength(1);
  });

  it("renews in the background once the renewal window is reached, answering meanwhile with the held token", async () => {
    const { credential, inner, advance } = setUp();
    const first = await credential.getToken(scope);
    advance(lifetimeMs - 60_000);
    expect(await credential.getToken(scope)).toBe(first);
    await settle();
    expect(inner.requests).toHaveLength(2);
    expect((await credential.getToken(scope))?.token).toBe("token-2");
  });

  it("renews at half a short token's life, before the two-minute window would allow it", async () => {
    let nowMs = 0;
    const inner: TokenCredential = { getToken: () => Promise.resolve({ token: `t${nowMs}`, expiresOnTimestamp: nowMs + 4_000 }) };
    const credential = new RefreshAheadCredential(inner, { now: () => nowMs });
    await credential.getToken(scope);
    nowMs = 1_900;
    await credential.getToken(scope);
    await settle();
    nowMs = 2_100;
    expect((await credential.getToken(scope))?.token).toBe("t0");
    await settle();
    expect((await credential.getToken(scope))?.token).toBe("t2100");
  });

  it("renews at the token's own refresh time when it names one", async () => {
    let nowMs = 0;
    let issued = 0;
    const inner: TokenCredential = {
      getToken: () => Promise.resolve({ token: `t${++issued}`, expiresOnTimestamp: nowMs + lifetimeMs, refreshAfterTimestamp: nowMs + 10_000 }),
    };
    const credential = new RefreshAheadCredential(inner, { now: () => nowMs });
    await credential.getToken(scope);
    nowMs = 10_000;
    await credential.getToken(scope);
    await settle();
    expect((await credential.getToken(scope))?.token).toBe("t2");
  });

  it("keeps answering with the held token while renewals are refused, trying again only after the retry interval", async () => {
    const { credential, inner, advance } = setUp();
    const first = await credential.getToken(scope);
    inner.refuse = true;
    advance(lifetimeMs - 60_000);
    expect(await credential.getToken(scope)).toBe(first);
    await settle();
    expect(await credential.getToken(scope)).toBe(first);
    await settle();
    expect(inner.requests).toHaveLength(2);
    advance(2_000);
    expect(await credential.getToken(scope)).toBe(first);
    await settle();
    expect(inner.requests).toHaveLength(3);
    expect(unhandled()).toBe(0);
  });

  it("makes the caller wait for a renewal once the held token has expired, and hands it the refusal", async () => {
    const { credential, inner, advance } = setUp();
    await credential.getToken(scope);
    inner.refuse = true;
    advance(lifetimeMs);
    await expect(credential.getToken(scope)).rejects.toThrow("identity endpoint refused");
  });

  it("shares one renewal among callers that arrive while it runs", async () => {
    const { credential, inner } = setUp();
    inner.holdAnswers = true;
    const callers = [credential.getToken(scope), credential.getToken(scope), credential.getToken(scope)];
    await settle();
    inner.release();
    const tokens = await Promise.all(callers);
    expect(new Set(tokens.map((token) => token?.token))).toEqual(new Set(["token-1"]));
    expect(inner.requests).toHaveLength(1);
  });

  it("stops waiting when the caller's signal aborts, while the renewal goes on for the next caller", async () => {
    const { credential, inner } = setUp();
    inner.holdAnswers = true;
    const caller = new AbortController();
    const abandoned = credential.getToken(scope, { abortSignal: caller.signal });
    const patient = credential.getToken(scope);
    caller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: "AbortError" });
    inner.release();
    expect((await patient)?.token).toBe("token-1");
  });

  it("gives the inner credential no caller's signal, since a renewal is shared", async () => {
    const { credential, inner } = setUp();
    await credential.getToken(scope, { abortSignal: new AbortController().signal });
    expect(inner.requests[0]?.abortSignal).toBeUndefined();
  });

  it("asks the inner credential directly for a claims challenge, whatever it holds", async () => {
    const { credential, inner } = setUp();
    await credential.getToken(scope);
    expect((await credential.getToken(scope, { claims: "{}" }))?.token).toBe("token-2");
    expect(inner.requests).toHaveLength(2);
  });
});
