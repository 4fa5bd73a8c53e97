import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { getNationalCloud, type NationalCloudName } from "../../../src/clouds/nationalCloud";
import { listenOnLoopback } from "../listenOnLoopback";
import { testCertificate } from "../testCertificate";
import { accessTokenClaims, type AccessTokenClaimsOptions } from "./accessTokenClaims";
import { localIdentity } from "./localIdentity";
import { mintAccessToken } from "./mintAccessToken";
import { committedSigningKey, generateSigningKey, type SigningKey } from "./signingKey";

export interface TokenIssuerOptions {
  readonly cloud?: NationalCloudName;
  readonly tenantId?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export type IssuerRequestKind = "metadata" | "keys" | "other";

/**
 * A Microsoft Entra tenant's token issuer on loopback HTTPS (the committed test certificate): the
 * OpenID metadata at `/{tenant}/v2.0/.well-known/openid-configuration`, the key set it points at,
 * and tokens minted with the cloud's real issuers. Keys can be published and retired while it
 * runs, and every request is counted, so key rotation and refresh limits can be observed.
 */
export class TokenIssuer {
  readonly cloud: NationalCloudName;
  readonly tenantId: string;
  /** What HTTP_AUTH_AUTHORITY_URL is set to: the issuer's origin. */
  readonly authorityUrl: string;
  readonly requests: IssuerRequestKind[] = [];
  #keys: SigningKey[];
  #failing = false;
  readonly #server: Server;

  private constructor(options: { cloud: NationalCloudName; tenantId: string; authorityUrl: string; keys: SigningKey[]; server: Server }) {
    this.cloud = options.cloud;
    this.tenantId = options.tenantId;
    this.authorityUrl = options.authorityUrl;
    this.#keys = options.keys;
    this.#server = options.server;
  }

  static async start(options: TokenIssuerOptions = {}): Promise<TokenIssuer> {
    const cloud = options.cloud ?? "Global";
    const tenantId = options.tenantId ?? localIdentity.tenantId;
    const keys = [await committedSigningKey()];
    const answering: { issuer?: TokenIssuer } = {};
    const server = createServer({ cert: readFileSync(testCertificate.certPath), key: readFileSync(testCertificate.keyPath) }, (request, response) => {
      answering.issuer?.answer(request.url ?? "/", (status, body) => {
        response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
      });
    });
    const port = await listenOnLoopback(server, options.port ?? 0);
    const issuer = new TokenIssuer({ cloud, tenantId, authorityUrl: `https://127.0.0.1:${port}`, keys, server });
    answering.issuer = issuer;
    return issuer;
  }

  get metadataUrl(): string {
    return `${this.authorityUrl}/${this.tenantId}/v2.0/.well-known/openid-configuration`;
  }

  /** The keys published now, the first one signing by default. */
  get keys(): readonly SigningKey[] {
    return this.#keys;
  }

  count(kind: IssuerRequestKind): number {
    return this.requests.filter((request) => request === kind).length;
  }

  /** The settings that make the app check tokens against this issuer. */
  settings(audience: string = localIdentity.audience, role: string = localIdentity.role): Record<string, string> {
    return { HTTP_AUTH: "entra", HTTP_AUTH_TENANT_ID: this.tenantId, HTTP_AUTH_AUDIENCE: audience, HTTP_AUTH_ROLE: role, HTTP_AUTH_AUTHORITY_URL: this.authorityUrl };
  }

  /** Publishes a new key (Entra publishes a key before it signs with it) and returns it. */
  async publishKey(): Promise<SigningKey> {
    const key = await generateSigningKey();
    this.#keys = [...this.#keys, key];
    return key;
  }

  /** While on, the metadata and keys answer 503, as an unreachable authority would fail. */
  fail(on: boolean): void {
    this.#failing = on;
  }

  /** A token of this tenant and cloud, signed by `key` (the first published key by default). */
  mint(claims: AccessTokenClaimsOptions = {}, key: SigningKey | undefined = this.#keys[0]): Promise<string> {
    if (key === undefined) throw new Error("The issuer publishes no key.");
    return mintAccessToken(accessTokenClaims({ cloud: this.cloud, tenantId: this.tenantId, ...claims }), key);
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }

  private answer(url: string, respond: (status: number, body: unknown) => void): void {
    const path = new URL(url, this.authorityUrl).pathname;
    const cloud = getNationalCloud(this.cloud);
    if (path === `/${this.tenantId}/v2.0/.well-known/openid-configuration`) {
      this.requests.push("metadata");
      if (this.#failing) {
        respond(503, { error: "temporarily_unavailable" });
        return;
      }
      respond(200, {
        issuer: cloud.tokenIssuerV2.replace("{tenantId}", this.tenantId),
        jwks_uri: `${this.authorityUrl}/${this.tenantId}/discovery/v2.0/keys`,
        token_endpoint: `${this.authorityUrl}/${this.tenantId}/oauth2/v2.0/token`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
      return;
    }
    if (path === `/${this.tenantId}/discovery/v2.0/keys`) {
      this.requests.push("keys");
      if (this.#failing) {
        respond(503, { error: "temporarily_unavailable" });
        return;
      }
      respond(200, { keys: this.#keys.map((key) => key.publicJwk) });
      return;
    }
    this.requests.push("other");
    respond(404, { error: "not_found" });
  }
}
