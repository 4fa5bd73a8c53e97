import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { AbortError } from "@azure/abort-controller";
import { untilAborted } from "../shared/untilAborted";

export interface RefreshAheadCredentialOptions {
  /** Wait at least this long after a failed renewal before the next one. Default 2 s. */
  readonly retryIntervalMs?: number;
  /** Renew at most this long before expiry, or at half the token's life if that comes first. Default 2 min. */
  readonly refreshWindowMs?: number;
  readonly now?: () => number;
}

interface Held {
  readonly token: AccessToken;
  /** When to start renewing: the token's own refresh time, or ahead of its expiry; later after a failed renewal. */
  readonly renewAtMs: number;
}

/**
 * A credential that answers from the token it holds while that token is valid, and renews it
 * ahead of expiry in the background, where every failure is caught.
 *
 * Why: core-rest-pipeline's bearer policy renews in the background too, but nobody awaits that
 * renewal; if the identity endpoint still refuses when the token expires, its last attempt throws
 * into a promise nobody handles, and Node ends the process (an idle Functions worker, in
 * production). Put in front of it, this credential answers the policy's background renewals at once
 * from a valid token, so a renewal that fails is only ever one a request is waiting for.
 */
export class RefreshAheadCredential implements TokenCredential {
  readonly #inner: TokenCredential;
  readonly #retryIntervalMs: number;
  readonly #refreshWindowMs: number;
  readonly #now: () => number;
  readonly #held = new Map<string, Held>();
  readonly #renewals = new Map<string, Promise<AccessToken | null>>();

  constructor(inner: TokenCredential, options: RefreshAheadCredentialOptions = {}) {
    this.#inner = inner;
    this.#retryIntervalMs = options.retryIntervalMs ?? 2_000;
    this.#refreshWindowMs = options.refreshWindowMs ?? 120_000;
    this.#now = options.now ?? Date.now;
  }

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken | null> {
    // A claims challenge asks for a token other than the one held.
    if (options.claims !== undefined) return this.#inner.getToken(scopes, options);
    const key = Array.isArray(scopes) ? scopes.join(" ") : scopes;
    const held = this.#held.get(key);
    const nowMs = this.#now();
    if (held !== undefined && nowMs < held.token.expiresOnTimestamp) {
      if (nowMs >= held.renewAtMs) {
        // Nobody waits for this one: its failure is caught in #renew and only delays the next try.
        this.#renew(key, scopes, sharedOptions(options)).catch(() => undefined);
      }
      return held.token;
    }
    return untilAborted(this.#renew(key, scopes, sharedOptions(options)), options.abortSignal, () => new AbortError("The token request was aborted."));
  }

  /** One renewal per scope at a time, shared by every caller; a caller's abort does not end it. */
  #renew(key: string, scopes: string | string[], options: GetTokenOptions): Promise<AccessToken | null> {
    const running = this.#renewals.get(key);
    if (running !== undefined) return running;
    const startedMs = this.#now();
    const renewal = this.#inner
      .getToken(scopes, options)
      .then((token) => {
        if (token !== null) this.#held.set(key, { token, renewAtMs: this.#renewAt(token, startedMs) });
        return token;
      })
      .catch((error: unknown) => {
        // The held token (if any) is renewed again no sooner than the retry interval from now.
        const held = this.#held.get(key);
        if (held !== undefined) this.#held.set(key, { ...held, renewAtMs: Math.max(held.renewAtMs, this.#now() + this.#retryIntervalMs) });
        throw error;
      })
      .finally(() => this.#renewals.delete(key));
    this.#renewals.set(key, renewal);
    return renewal;
  }

  #renewAt(token: AccessToken, obtainedMs: number): number {
    const lifetimeMs = token.expiresOnTimestamp - obtainedMs;
    const ahead = token.expiresOnTimestamp - Math.min(this.#refreshWindowMs, lifetimeMs / 2);
    return Math.min(ahead, token.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY);
  }
}

/** A renewal is shared, so no one caller's signal may end it (the inner credential bounds its time). */
function sharedOptions(options: GetTokenOptions): GetTokenOptions {
  const shared = { ...options };
  delete shared.abortSignal;
  return shared;
}
