import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokenValidator } from "../../src/auth/accessTokenValidator";
import { fetchJsonOverHttps } from "../../src/auth/jsonOverHttps";
import { TenantSigningKeys } from "../../src/auth/tenantSigningKeys";
import { getNationalCloud } from "../../src/clouds/nationalCloud";
import { readHttpAuthConfig, type EntraHttpAuthConfig } from "../../src/config/httpAuthConfig";
import { SettingReader } from "../../src/config/settingReader";
import { TokenIssuer } from "../support/identity/tokenIssuer";

const refreshIntervalMs = 300_000;
const signal = (): { abortSignal: AbortSignal } => ({ abortSignal: new AbortController().signal });

describe("the access token validator across a signing key rotation", () => {
  let issuer: TokenIssuer;
  let config: EntraHttpAuthConfig;

  beforeAll(async () => {
    issuer = await TokenIssuer.start({ cloud: "USGov" });
    const read = readHttpAuthConfig(new SettingReader(issuer.settings()), getNationalCloud("USGov"));
    if (read.kind !== "entra") throw new Error("expected entra settings");
    config = read;
  });
  afterAll(async () => issuer.close());

  it("accepts a token signed by a key published after start-up once the refresh interval has passed, after one refresh", async () => {
    let clock = 0;
    const validator = new AccessTokenValidator({ config, keys: new TenantSigningKeys({ metadataUrl: config.metadataUrl, fetchJson: fetchJsonOverHttps, refreshIntervalMs, now: () => clock }) });
    expect((await validator.check(`Bearer ${await issuer.mint()}`, signal())).ok).toBe(true);
    const readsBefore = issuer.count("metadata");
    const rotated = await issuer.publishKey();
    clock += refreshIntervalMs;
    expect(await validator.check(`Bearer ${await issuer.mint({ version: "2.0" }, rotated)}`, signal())).toMatchObject({ ok: true });
    expect(issuer.count("metadata") - readsBefore).toBe(1);
  });

  it("checks US Gov tokens against US Gov's issuers: a Global v2.0 issuer is refused", async () => {
    const validator = new AccessTokenValidator({ config, keys: new TenantSigningKeys({ metadataUrl: config.metadataUrl, fetchJson: fetchJsonOverHttps }) });
    const token = await issuer.mint({ version: "2.0", cloud: "Global" });
    expect(await validator.check(`Bearer ${token}`, signal())).toMatchObject({ ok: false, failure: "invalidIssuer" });
  });
});
