import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { listenOnLoopback } from "../listenOnLoopback";
import { seededRandom } from "../seededRandom";
import { encodeUnsignedJwt } from "./unsignedJwt";

export interface RecordedIdentityRequest {
  readonly resource: string;
  readonly clientId?: string;
  readonly headerValid: boolean;
  /** Set when fail() or the failure rate refused it. */
  refused?: true;
}

export interface IdentityFailure {
  readonly status: number;
  readonly times: number;
}

/** Refuses each token request with `status`, with probability `rate`, for as long as it is set. */
export interface IdentityFailureRate {
  readonly rate: number;
  readonly status: number;
  /** Same seed, same refusals for the same sequence of requests. */
  readonly seed: number;
}

export interface ManagedIdentityEndpointOptions {
  readonly port?: number | undefined;
  readonly header?: string | undefined;
  readonly tokenLifetimeSeconds?: number | undefined;
}

export type IdentityClaimsSource = (clientId: string | undefined) => Readonly<Record<string, unknown>>;

const tokenPath = "/msi/token";
const apiVersion = "2019-08-01";

// The App Service flavour of the managed identity endpoint, as @azure/identity (through MSAL)
// calls it when IDENTITY_ENDPOINT and IDENTITY_HEADER are set. Every refusal is a 400 because
// MSAL retries 404, 408, 429 and 5xx for seconds, which would make failure tests slow.
export class ManagedIdentityEndpoint {
  readonly requests: RecordedIdentityRequest[] = [];
  /** Everything in a token but its audience and lifetime; the Graph emulator decides roles. */
  claimsSource: IdentityClaimsSource = () => ({});
  private failures: IdentityFailure | undefined;
  private failureRate: { readonly rate: number; readonly status: number; readonly random: () => number } | undefined;
  /** Token requests refused so far, by fail() or the failure rate. */
  refused = 0;

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    readonly header: string,
    private readonly options: ManagedIdentityEndpointOptions,
  ) {}

  static async start(options: ManagedIdentityEndpointOptions): Promise<ManagedIdentityEndpoint> {
    const header = options.header ?? randomBytes(18).toString("base64url");
    const server = createServer();
    const port = await listenOnLoopback(server, options.port ?? 0);
    const endpoint = new ManagedIdentityEndpoint(server, `http://127.0.0.1:${port}${tokenPath}`, header, options);
    server.on("request", endpoint.answer);
    return endpoint;
  }

  fail(failure: IdentityFailure): void {
    this.failures = failure.times > 0 ? failure : undefined;
  }

  setFailureRate(failureRate: IdentityFailureRate | undefined): void {
    this.failureRate = failureRate === undefined ? undefined : { rate: failureRate.rate, status: failureRate.status, random: seededRandom(failureRate.seed) };
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
    this.server.closeAllConnections();
    await closed;
  }

  private readonly answer = (request: IncomingMessage, response: ServerResponse): void => {
    // The query is all that matters; a request body, if any, is drained and ignored.
    request.resume();
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const resource = url.searchParams.get("resource") ?? "";
    const clientId = url.searchParams.get("client_id") ?? undefined;
    const headerValid = request.headers["x-identity-header"] === this.header;
    const record: RecordedIdentityRequest = clientId === undefined ? { resource, headerValid } : { resource, clientId, headerValid };
    this.requests.push(record);

    const failures = this.failures;
    if (failures !== undefined) {
      this.failures = failures.times > 1 ? { status: failures.status, times: failures.times - 1 } : undefined;
      this.refused += 1;
      record.refused = true;
      refuse(response, failures.status, "Injected managed identity failure.");
      return;
    }
    if (this.failureRate !== undefined && this.failureRate.random() < this.failureRate.rate) {
      this.refused += 1;
      record.refused = true;
      refuse(response, this.failureRate.status, "Injected managed identity failure.");
      return;
    }
    if (request.method !== "GET" || url.pathname !== tokenPath) {
      refuse(response, 400, `Only GET ${tokenPath} is served here.`);
      return;
    }
    if (!headerValid) {
      refuse(response, 400, "The X-IDENTITY-HEADER header is missing or wrong.");
      return;
    }
    if (url.searchParams.get("api-version") !== apiVersion) {
      refuse(response, 400, `Only api-version ${apiVersion} is supported.`);
      return;
    }
    if (resource === "") {
      refuse(response, 400, "The resource query parameter is required.");
      return;
    }

    const nowSeconds = Math.floor(Date.now() / 1000);
    const expiresOn = nowSeconds + (this.options.tokenLifetimeSeconds ?? 3600);
    const identityClaims = this.claimsSource(clientId);
    const claims = { ...identityClaims, aud: resource, iat: nowSeconds, nbf: nowSeconds, exp: expiresOn };
    const body = JSON.stringify({
      access_token: encodeUnsignedJwt(claims),
      expires_on: String(expiresOn),
      resource,
      token_type: "Bearer",
      client_id: typeof identityClaims.appid === "string" ? identityClaims.appid : clientId,
    });
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    response.end(body);
  };
}

function refuse(response: ServerResponse, status: number, message: string): void {
  // App Service's error shape; MSAL surfaces `message` in the credential's error.
  const body = JSON.stringify({ statusCode: status, message, correlationId: randomUUID() });
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  response.end(body);
}
