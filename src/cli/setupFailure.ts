import type { CredentialConfig } from "../config/appConfig";

/**
 * A broken setup, as opposed to a busy Graph: nothing the CLI could retry will work until someone
 * changes this machine or a setting, so it stops at the first one (exit 2) and says what to change.
 */
export type SetupProblem = "credential" | "tlsTrust" | "dns";

export interface SetupFailure {
  readonly problem: SetupProblem;
  /** What went wrong, in the underlying library's words. */
  readonly message: string;
  /** One line: the command to run or the setting to change. */
  readonly fix: string;
}

/** Where the failing call went, so the fix can name what to change. */
export interface SetupContext {
  /** The configured credential; undefined where the caller cannot know it. */
  readonly credential?: CredentialConfig["kind"];
  /** The setting(s) that chose the host the call went to, e.g. `GRAPH_CLOUD or GRAPH_BASE_URL`. */
  readonly hostSetting: string;
  /**
   * @azure/identity's "no token" errors, recognised by the composition root (cliServices), which
   * is the one part of the CLI that may know the identity library.
   */
  readonly isCredentialFailure: (error: unknown) => boolean;
}

/** Carries a SetupFailure through code that rethrows what it does not understand; `cause` is the original. */
export class SetupFailureError extends Error {
  override readonly name = "SetupFailureError";
  readonly failure: SetupFailure;

  constructor(failure: SetupFailure, options: { readonly cause: unknown }) {
    super(failure.message, { cause: options.cause });
    this.failure = failure;
  }
}

export function isSetupFailureError(value: unknown): value is SetupFailureError {
  return value instanceof Error && value.name === "SetupFailureError" && "failure" in value;
}

/**
 * Node's (OpenSSL's) codes for "this certificate chain ends at a CA this process does not trust":
 * a private or corporate CA, a TLS-inspecting proxy, or the emulator's test certificate. All are
 * fixed by giving Node the CA, which it reads only at start-up from NODE_EXTRA_CA_CERTS.
 */
const untrustedCertificateCodes: ReadonlySet<string> = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);

/**
 * ENOTFOUND only: the name does not exist (or no resolver answered for it). EAI_AGAIN, a resolver
 * that timed out, stays transient and is retried like any network failure.
 */
const nameNotFound = /\bgetaddrinfo ENOTFOUND\b/;

/** The error, its `cause`s and an AggregateError's members, outermost first, each once. */
function* errorChain(error: unknown): Generator<Error> {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0 && seen.size < 20) {
    const next = pending.shift();
    if (!(next instanceof Error) || seen.has(next)) continue;
    seen.add(next);
    yield next;
    pending.push(next.cause);
    if (next instanceof AggregateError) pending.push(...(next.errors as unknown[]));
  }
}

function codeOf(error: Error): string | undefined {
  return "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function credentialFix(error: Error, kind: SetupContext["credential"]): string {
  if (kind === "managedIdentity") {
    return "Fix: outside Azure, set GRAPH_CREDENTIAL=azureCli and run 'az login'; in Azure, check the app's identity (IDENTITY_ENDPOINT, AZURE_CLIENT_ID).";
  }
  if (/Azure CLI could not be found|az:.*not found|ENOENT/i.test(error.message)) {
    return "Fix: install the Azure CLI (https://aka.ms/azure-cli), then run 'az login' (or set GRAPH_CREDENTIAL=managedIdentity inside Azure).";
  }
  if (/tenant|AADSTS900(02|23)|AADSTS50020/i.test(error.message)) {
    return "Fix: run 'az login --tenant <tenant id>' for the tenant AZURE_TENANT_ID names (or correct AZURE_TENANT_ID).";
  }
  return "Fix: run 'az login' (for USGov or USGovDoD first 'az cloud set --name AzureUSGovernment', for China 'az cloud set --name AzureChinaCloud').";
}

/**
 * The one place that tells a broken setup from a transient failure, for Graph and Service Bus
 * calls alike: a credential that cannot get a token, a certificate chain Node does not trust, a
 * host name that does not resolve. Anything else (timeouts, resets, 5xx, 429) is undefined: busy,
 * not broken, and retried as before.
 */
export function classifySetupFailure(error: unknown, context: SetupContext): SetupFailure | undefined {
  for (const link of errorChain(error)) {
    if (context.isCredentialFailure(link)) {
      return { problem: "credential", message: `could not get a token: ${link.message}`, fix: credentialFix(link, context.credential) };
    }
    const code = codeOf(link);
    if (code !== undefined && untrustedCertificateCodes.has(code)) {
      return {
        problem: "tlsTrust",
        message: `the server's TLS certificate is not trusted (${code}: ${link.message}).`,
        fix: `Fix: start the command with NODE_EXTRA_CA_CERTS=/path/to/ca.pem naming the CA that issued it (a private CA, a TLS-inspecting proxy, or the emulator's test/support/certs/localhost.crt), or check ${context.hostSetting}.`,
      };
    }
    if (code === "ENOTFOUND" || nameNotFound.test(link.message)) {
      return {
        problem: "dns",
        message: `a configured host name does not resolve (${link.message}).`,
        fix: `Fix: check ${context.hostSetting} (the host it names does not exist in DNS), this machine's DNS, or HTTPS_PROXY.`,
      };
    }
  }
  return undefined;
}
