// @azure/identity's failures, by name: instanceof would tie this to one copy of the package.
const credentialErrorNames: ReadonlySet<string> = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

/** The credential could not get a token: nothing will work until the operator signs in or fixes a setting. */
export function isCredentialError(error: unknown): error is Error {
  return error instanceof Error && credentialErrorNames.has(error.name);
}
