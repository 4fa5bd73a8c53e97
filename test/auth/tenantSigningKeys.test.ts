import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchJsonOverHttps } from "../../src/auth/jsonOverHttps";
import { TenantSigningKeys } from "../../src/auth/tenantSigningKeys";
import { TokenIssuer } from "../support/identity/tokenIssuer";

const refreshIntervalMs = 60_000;
const failedRefreshIntervalMs = 5_000;
const signal = (): AbortSignal => new AbortController().signal;

describe("the tenant's signing keys, read over HTTPS from the issuer's OpenID metadata", () => {
  let issuer: TokenIssuer;
  let clock: number;
  let keys: TenantSigningKeys;

  beforeAll(async () => {
    issuer = await TokenIssuer.start();
  });
  afterAll(async () => issuer.close());
  beforeEach(() => {
    issuer.requests.length = 0;
    issuer.fail(false);
    clock = 1_000_000;
    keys = new TenantSigningKeys({ metadataUrl: issuer.metadataUrl, fetchJson: fetchJsonOverHttps, refreshIntervalMs, failedRefreshIntervalMs, now: () => clock });
  });

  it("finds a published key by its kid after reading the metadata and then the key set", async () => {
    const kid = issuer.keys[0]?.kid ?? "";
    expect((await keys.find(kid, { abortSignal: signal() })).kind).toBe("found");
    expect(issuer.requests).toEqual(["metadata", "keys"]);
  });

  it("reads them once for many requests naming known keys", async () => {
    const kid = issuer.keys[0]?.kid ?? "";
    await Promise.all(Array.from({ length: 50 }, () => keys.find(kid, { abortSignal: signal() })));
    expect(issuer.requests).toEqual(["metadata", "keys"]);
  });

  it("accepts a key published after start-up after one refresh", async () => {
    await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() });
    clock += refreshIntervalMs;
    const rotated = await issuer.publishKey();
    expect((await keys.find(rotated.kid, { abortSignal: signal() })).kind).toBe("found");
    expect(issuer.count("metadata")).toBe(2);
  });

  it("reads at most once per interval however many unknown kids arrive, at once or one after another", async () => {
    await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() });
    clock += refreshIntervalMs;
    const flood = Array.from({ length: 2_000 }, (_, index) => `unknown-${index}`);
    const answers = await Promise.all(flood.slice(0, 1_000).map((kid) => keys.find(kid, { abortSignal: signal() })));
    for (const kid of flood.slice(1_000)) answers.push(await keys.find(kid, { abortSignal: signal() }));
    expect(answers.every((answer) => answer.kind === "unknownKey")).toBe(true);
    expect({ metadata: issuer.count("metadata"), keys: issuer.count("keys") }).toEqual({ metadata: 2, keys: 2 });
  });

  it("reads again for an unknown kid once the interval has passed, and not before", async () => {
    await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() });
    clock += refreshIntervalMs - 1;
    await keys.find("unknown", { abortSignal: signal() });
    const before = issuer.count("metadata");
    clock += 1;
    await keys.find("unknown", { abortSignal: signal() });
    expect([before, issuer.count("metadata")]).toEqual([1, 2]);
  });

  it("answers unavailable while the authority fails, reading at most once per failed-read interval", async () => {
    issuer.fail(true);
    const answers = await Promise.all(Array.from({ length: 200 }, () => keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() })));
    await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() });
    expect(answers.every((answer) => answer.kind === "unavailable")).toBe(true);
    expect(issuer.count("metadata")).toBe(1);
  });

  it("recovers once the authority answers again and the failed-read interval has passed", async () => {
    issuer.fail(true);
    await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() });
    issuer.fail(false);
    clock += failedRefreshIntervalMs;
    expect((await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() })).kind).toBe("found");
  });

  it("keeps the keys it holds when a refresh fails", async () => {
    const kid = issuer.keys[0]?.kid ?? "";
    await keys.find(kid, { abortSignal: signal() });
    issuer.fail(true);
    clock += refreshIntervalMs;
    await keys.find("unknown", { abortSignal: signal() });
    expect((await keys.find(kid, { abortSignal: signal() })).kind).toBe("found");
  });

  it("ends a request's wait when its signal aborts, without cancelling the shared read", async () => {
    const aborted = AbortSignal.abort();
    expect((await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: aborted })).kind).toBe("unavailable");
    expect((await keys.find(issuer.keys[0]?.kid ?? "", { abortSignal: signal() })).kind).toBe("found");
    expect(issuer.count("metadata")).toBe(1);
  });
});
