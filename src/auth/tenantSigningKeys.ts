import { importJWK, type CryptoKey, type JWK } from "jose";
import { isRecord } from "../shared/jsonRecord";
import { untilAborted } from "../shared/untilAborted";
import type { JsonFetcher } from "./jsonOverHttps";

export type SigningKeyLookup =
  | { readonly kind: "found"; readonly key: CryptoKey }
  /** No published key has this kid, even after the refresh the interval allowed (if any). */
  | { readonly kind: "unknownKey" }
  /** No key set was ever read: nothing can be verified. `reason` says why the last read failed. */
  | { readonly kind: "unavailable"; readonly reason: string };

export interface TenantSigningKeysOptions {
  /** `<authority>/<tenant>/v2.0/.well-known/openid-configuration`. */
  readonly metadataUrl: string;
  readonly fetchJson: JsonFetcher;
  /**
   * Least time between two reads of the metadata and keys after a successful read. An unknown
   * `kid` triggers a read only once this has passed, so a flood of made-up kids costs at most one
   * read per interval. Microsoft's own libraries wait 5 minutes.
   */
  readonly refreshIntervalMs?: number;
  /** Least time between two reads after a failed one, so an unreachable authority is retried soon. */
  readonly failedRefreshIntervalMs?: number;
  /** Keys older than this are read again before use (kept if the read fails): Entra rolls keys. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

const defaultRefreshIntervalMs = 5 * 60_000;
const defaultFailedRefreshIntervalMs = 30_000;
const defaultMaxAgeMs = 12 * 60 * 60_000;

function jwksUriOf(metadata: unknown): string | undefined {
  if (!isRecord(metadata)) return undefined;
  const uri = metadata.jwks_uri;
  return typeof uri === "string" && uri.startsWith("https://") ? uri : undefined;
}

/** Only RSA signing keys usable with RS256 are kept; anything else in the set is ignored. */
async function importRs256Keys(jwks: unknown): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  const entries = isRecord(jwks) && Array.isArray(jwks.keys) ? (jwks.keys as unknown[]) : [];
  for (const entry of entries) {
    if (!isRecord(entry) || entry.kty !== "RSA" || typeof entry.kid !== "string" || typeof entry.n !== "string" || typeof entry.e !== "string") continue;
    if (entry.use !== undefined && entry.use !== "sig") continue;
    if (entry.alg !== undefined && entry.alg !== "RS256") continue;
    try {
      const key = await importJWK({ kty: "RSA", n: entry.n, e: entry.e } satisfies JWK, "RS256");
      if (!(key instanceof Uint8Array)) keys.set(entry.kid, key);
    } catch {
      // One unusable key must not make the tenant's other keys unusable.
    }
  }
  return keys;
}

/**
 * The signing keys of one tenant, read from its OpenID metadata's `jwks_uri`, cached, and read
 * again at most once per interval: when they grow old, or when a token names a key not yet seen
 * (Entra publishes a new key before signing with it). Concurrent requests share one read.
 */
export class TenantSigningKeys {
  readonly #options: TenantSigningKeysOptions;
  readonly #now: () => number;
  #keys: Map<string, CryptoKey> | undefined;
  #readAt = 0;
  #nextReadAllowedAt = 0;
  #reading: Promise<void> | undefined;
  #lastReadFailure = "The signing keys have not been read yet.";

  constructor(options: TenantSigningKeysOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async find(kid: string, options: { readonly abortSignal: AbortSignal }): Promise<SigningKeyLookup> {
    const maxAgeMs = this.#options.maxAgeMs ?? defaultMaxAgeMs;
    if (this.#keys === undefined || this.#now() - this.#readAt >= maxAgeMs) {
      await this.#readIfAllowed(options.abortSignal);
    }
    if (this.#keys === undefined) return { kind: "unavailable", reason: this.#lastReadFailure };
    const known = this.#keys.get(kid);
    if (known !== undefined) return { kind: "found", key: known };
    await this.#readIfAllowed(options.abortSignal);
    const refreshed = this.#keys.get(kid);
    return refreshed === undefined ? { kind: "unknownKey" } : { kind: "found", key: refreshed };
  }

  async #readIfAllowed(abortSignal: AbortSignal): Promise<void> {
    if (this.#reading === undefined) {
      const startedAt = this.#now();
      if (startedAt < this.#nextReadAllowedAt) return;
      // Claimed before the read starts, so every request arriving meanwhile joins this one.
      this.#nextReadAllowedAt = startedAt + (this.#options.refreshIntervalMs ?? defaultRefreshIntervalMs);
      this.#reading = this.#read(startedAt).finally(() => {
        this.#reading = undefined;
      });
    }
    // One request giving up must not cancel the read the others wait for: only its wait ends.
    await untilAborted(this.#reading, abortSignal, () => new DOMException("The request was aborted.", "AbortError")).catch(() => undefined);
  }

  async #read(startedAt: number): Promise<void> {
    const { fetchJson, metadataUrl } = this.#options;
    // The read has its own lifetime: it outlives any one request that triggered it.
    const signal = new AbortController().signal;
    try {
      const jwksUri = jwksUriOf(await fetchJson(metadataUrl, { abortSignal: signal }));
      if (jwksUri === undefined) throw new Error("The OpenID metadata has no https jwks_uri.");
      const keys = await importRs256Keys(await fetchJson(jwksUri, { abortSignal: signal }));
      if (keys.size === 0) throw new Error("The key set has no RS256 signing key.");
      this.#keys = keys;
      this.#readAt = this.#now();
    } catch (error) {
      this.#lastReadFailure = error instanceof Error ? error.message : String(error);
      // Keys already held stay in use; a failed read may be retried sooner than a successful one.
      this.#nextReadAllowedAt = startedAt + (this.#options.failedRefreshIntervalMs ?? defaultFailedRefreshIntervalMs);
    }
  }
}
