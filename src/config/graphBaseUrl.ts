import { isIPv4 } from "node:net";
import type { NationalCloud } from "../clouds/nationalCloud";
import { ConfigError } from "./configError";

const setting = "GRAPH_BASE_URL";

function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") {
    return true;
  }
  return isIPv4(hostname) && hostname.startsWith("127.");
}

/**
 * The Graph root the app sends its bearer token to. An override exists only for emulators, so it
 * may name a loopback address or the cloud's own Graph host and nothing else: a Graph token must
 * never leave for an arbitrary host because of one mistyped setting.
 */
export function resolveGraphBaseUrl(override: string | undefined, cloud: NationalCloud): string {
  if (override === undefined) {
    return cloud.graphEndpoint;
  }
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
  const cloudHost = new URL(cloud.graphEndpoint).hostname;
  if (!isLoopbackHost(url.hostname) && url.hostname !== cloudHost) {
    throw new ConfigError(
      setting,
      `host ${url.hostname} is refused: it must be a loopback address (localhost, 127.0.0.0/8, [::1]) or ${cloudHost}, the Graph host of cloud ${cloud.name}.`,
    );
  }
  return url.origin;
}
