import type { NationalCloud } from "../clouds/nationalCloud";
import { resolveEmulatorOrigin } from "./emulatorOrigin";

/**
 * The Graph root the app sends its bearer token to. An override exists only for emulators, so it
 * may name a loopback address or the cloud's own Graph host and nothing else: a Graph token must
 * never leave for an arbitrary host because of one mistyped setting.
 */
export function resolveGraphBaseUrl(override: string | undefined, cloud: NationalCloud): string {
  if (override === undefined) {
    return cloud.graphEndpoint;
  }
  return resolveEmulatorOrigin(override, { setting: "GRAPH_BASE_URL", productionUrl: cloud.graphEndpoint, productionHostDescription: `the Graph host of cloud ${cloud.name}` });
}
