export interface RecordedGraphRequest {
  readonly method: string;
  /** Decoded pathname, e.g. `/v1.0/identityGovernance/entitlementManagement/assignments/{id}`. */
  readonly path: string;
  /** Path and query exactly as received. */
  readonly url: string;
  /** Lower-cased names; authorization is redacted to `Bearer <redacted>`. */
  readonly headers: Readonly<Record<string, string>>;
  /** `aud` of the bearer token, when it could be read. */
  readonly audience?: string;
  /** The caller's client-request-id, when it sent one. */
  readonly clientRequestId?: string;
  /** 0 while unanswered, and forever for reset or hung requests. */
  status: number;
  readonly receivedAtMs: number;
}
