/**
 * @azure/identity's failures, by name: instanceof would tie this to one copy of the package. Each
 * means the credential could not get a token, so no call can succeed until it can:
 */
const credentialFailureNames: ReadonlySet<string> = new Set([
  // The source is not there or not usable: no managed identity endpoint, Azure CLI not installed or
  // not signed in. ManagedIdentityCredential also reports an endpoint it cannot reach, or one that
  // refused, this way.
  "CredentialUnavailableError",
  // The token endpoint answered, and refused (a bad tenant, client id or secret).
  "AuthenticationError",
  // Every credential of a chain failed; createCredential never chains, but a credential handed to
  // createAppServices may.
  "AggregateAuthenticationError",
  // Only a sign-in would help; ManagedIdentityCredential also throws it for a token answer with no
  // token or no expiry in it.
  "AuthenticationRequiredError",
]);

/** The credential could not get a token, e.g. the managed identity endpoint failed or `az login` is needed. */
export function isCredentialFailure(error: unknown): error is Error {
  return error instanceof Error && credentialFailureNames.has(error.name);
}
