import type { RecordedGraphRequest } from "./recordedGraphRequest";

/** The only Graph paths an id-based request may reach: one assignment, or its reprocess action. */
export const canonicalAssignmentPath = /^\/v1\.0\/identityGovernance\/entitlementManagement\/assignments\/[0-9a-f-]{36}(\/reprocess)?$/;

/**
 * The recorded requests whose path is anything else. Both the decoded path and the raw one are
 * checked: a canonical path needs no percent-encoding, so an encoded one is already a leak.
 */
export function requestsOffCanonicalAssignmentPaths(requests: readonly RecordedGraphRequest[]): RecordedGraphRequest[] {
  return requests.filter((request) => {
    const rawPath = request.url.split("?", 1)[0] ?? "";
    return !canonicalAssignmentPath.test(request.path) || !canonicalAssignmentPath.test(rawPath);
  });
}
