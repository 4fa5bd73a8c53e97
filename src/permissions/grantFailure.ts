import type { GraphError } from "../graph/graphError";
import type { GrantResult, GrantStep } from "./grantResult";

/**
 * A Graph refusal during a grant, worded as what to do about it: the operator's account (not the
 * app's identity) makes these calls, so 401/403 mean "sign in differently", not "grant the app".
 */
export function grantFailure(step: GrantStep, what: string, error: GraphError, forbiddenHint: string): Extract<GrantResult, { status: "failed" }> {
  let why: string;
  if (error.status === 401) {
    why = "Graph rejected the token (401): check that --cloud (or GRAPH_CLOUD) names the tenant's cloud and that you are signed in to that tenant (az cloud set --name <cloud>; az login --tenant <tenant>).";
  } else if (error.status === 403) {
    why = `Graph refused (403 ${error.code}): ${forbiddenHint}`;
  } else if (error.status === undefined) {
    why = `${error.message} (${error.code}).`;
  } else {
    why = `Graph answered ${error.status} ${error.code}: ${error.message}`;
  }
  return { status: "failed", step, message: `Could not ${what}. ${why}`, graph: error.ids };
}
