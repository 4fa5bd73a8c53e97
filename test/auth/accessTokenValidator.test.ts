import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokenValidator } from "../../src/auth/accessTokenValidator";
import { fetchJsonOverHttps } from "../../src/auth/jsonOverHttps";
import { TenantSigningKeys } from "../../src/auth/tenantSigningKeys";
import { getNationalCloud } from "../../src/clouds/nationalCloud";
import { readHttpAuthConfig, type EntraHttpAuthConfig } from "../../src/config/httpAuthConfig";
import { SettingReader } from "../../src/config/settingReader";
import { accessTokenClaims } from "../support/identity/accessTokenClaims";
import { mintAccessToken } from "../support/identity/mintAccessToken";
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

// The US Gov v1.0 issuer in the cloud table is unconfirmed (docs/security.md): HTTP_AUTH_ISSUERS is
// how an operator corrects it, so both branches are checked against real signed tokens.
describe("the issuers the access token validator accepts", () => {
  const correctedIssuer = "https://sts.usgovcloudapi.net/{tenantId}/";
  let issuer: TokenIssuer;

  beforeAll(async () => {
    issuer = await TokenIssuer.start({ cloud: "USGov" });
  });
  afterAll(async () => issuer.close());

  function validator(settings: Record<string, string> = {}): AccessTokenValidator {
    const read = readHttpAuthConfig(new SettingReader({ ...issuer.settings(), ...settings }), getNationalCloud("USGov"));
    if (read.kind !== "entra") throw new Error("expected entra settings");
    return new AccessTokenValidator({ config: read, keys: new TenantSigningKeys({ metadataUrl: read.metadataUrl, fetchJson: fetchJsonOverHttps }) });
  }

  async function tokenIssuedBy(iss: string): Promise<string> {
    const [key] = issuer.keys;
    if (key === undefined) throw new Error("The issuer publishes no key.");
    return `Bearer ${await mintAccessToken({ ...accessTokenClaims({ cloud: "USGov", tenantId: issuer.tenantId }), iss: iss.replace("{tenantId}", issuer.tenantId) }, key)}`;
  }

  it.each(["tokenIssuerV1", "tokenIssuerV2"] as const)("accepts the cloud table's %s when HTTP_AUTH_ISSUERS is not set", async (column) => {
    expect(await validator().check(await tokenIssuedBy(getNationalCloud("USGov")[column]), signal())).toMatchObject({ ok: true });
  });

  it("accepts a token from the issuer HTTP_AUTH_ISSUERS lists", async () => {
    expect(await validator({ HTTP_AUTH_ISSUERS: correctedIssuer }).check(await tokenIssuedBy(correctedIssuer), signal())).toMatchObject({ ok: true });
  });

  it.each(["tokenIssuerV1", "tokenIssuerV2"] as const)("refuses the cloud table's %s when HTTP_AUTH_ISSUERS lists another", async (column) => {
    expect(await validator({ HTTP_AUTH_ISSUERS: correctedIssuer }).check(await tokenIssuedBy(getNationalCloud("USGov")[column]), signal())).toMatchObject({ ok: false, failure: "invalidIssuer" });
  });
});
