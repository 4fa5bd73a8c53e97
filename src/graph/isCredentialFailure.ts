// @azure/identity's failures, by name: instanceof would tie this to one copy of the package.
const credentialErrorNames: ReadonlySet<string> = new Set(["AuthenticationError", "CredentialUnavailableError"]);

/** The credential could not get a token, e.g. the managed identity endpoint failed. */
export function isCredentialFailure(error: unknown): error is Error {
  return error instanceof Error && credentialErrorNames.has(error.name);
}
