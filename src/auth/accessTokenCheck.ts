/** Who called, from a validated token: what an operator needs to see who reprocessed what. */
export interface Caller {
  /** `oid`: the object id of the caller's service principal (or user). */
  readonly objectId?: string;
  /** `appid` (v1.0 tokens) or `azp` (v2.0 tokens): the caller's client id. */
  readonly appId?: string;
}

/** Which check a request failed, one value per thing the caller (or operator) can fix. */
export type TokenFailure =
  | "missingToken"
  | "malformedToken"
  | "algorithmNotAllowed"
  | "unknownSigningKey"
  | "invalidSignature"
  | "invalidIssuer"
  | "invalidAudience"
  | "invalidTenant"
  | "tokenExpired"
  | "tokenNotYetValid"
  | "missingRole"
  /** The tenant's signing keys could not be read: no token can be checked, whoever sent it. */
  | "signingKeysUnavailable";

export type AccessTokenCheck =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly failure: TokenFailure; readonly message: string };
