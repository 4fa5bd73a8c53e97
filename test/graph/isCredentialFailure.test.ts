import { describe, expect, it } from "vitest";
import { isCredentialFailure } from "../../src/graph/isCredentialFailure";

function errorNamed(name: string): Error {
  return Object.assign(new Error("no token"), { name });
}

describe("isCredentialFailure", () => {
  it.each(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"])("recognises @azure/identity's %s by its name", (name) => {
    expect(isCredentialFailure(errorNamed(name))).toBe(true);
  });

  it("does not take a network or Graph failure for a credential one", () => {
    expect(isCredentialFailure(errorNamed("RestError"))).toBe(false);
  });

  it("does not take a thrown value that is not an Error for one, whatever its name", () => {
    expect(isCredentialFailure({ name: "CredentialUnavailableError", message: "no token" })).toBe(false);
  });
});
