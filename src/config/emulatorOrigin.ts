import { isIPv4 } from "node:net";
import { ConfigError } from "./configError";

export interface EmulatorOriginOptions {
  /** The setting being read, named in every error. */
  readonly setting: string;
  /** The production URL the override replaces: its host is the only non-loopback host accepted. */
  readonly productionUrl: string;
  /** What the production host is, for messages: e.g. "the Graph host of cloud USGov". */
  readonly productionHostDescription: string;
}

function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") {
    return true;
  }
  return isIPv4(hostname) && hostname.startsWith("127.");
}

/**
 * The one rule for settings that point the app at an emulator instead of a Microsoft endpoint
 * (GRAPH_BASE_URL, HTTP_AUTH_AUTHORITY_URL): a bare https origin on a loopback address, or the
 * production host itself. Tokens, or the keys that decide which tokens are trusted, must never
 * come from or go to an arbitrary host because of one mistyped setting.
 */
export function resolveEmulatorOrigin(override: string, options: EmulatorOriginOptions): string {
  const { setting } = options;
  let url: URL;
  try {
    url = new URL(override);
  } catch (error) {
    throw new ConfigError(setting, `${JSON.stringify(override)} is not an absolute URL; expected e.g. https://127.0.0.1:8443.`, { cause: error });
  }
  if (url.protocol !== "https:") {
    throw new ConfigError(setting, `must use https: (bearer tokens are never sent in clear text); got ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || (url.pathname !== "/" && url.pathname !== "")) {
    throw new ConfigError(setting, "must be a bare origin such as https://127.0.0.1:8443, without path, query, fragment or credentials.");
  }
  const productionHost = new URL(options.productionUrl).hostname;
  if (!isLoopbackHost(url.hostname) && url.hostname !== productionHost) {
    throw new ConfigError(
      setting,
      `host ${url.hostname} is refused: it must be a loopback address (localhost, 127.0.0.0/8, [::1]) or ${productionHost}, ${options.productionHostDescription}.`,
    );
  }
  return url.origin;
}
