import { reprocessAssignmentRoute } from "../../../src/functions/reprocessAssignmentHttp";
import { reprocessBatchRoute } from "../../../src/functions/reprocessBatchHttp";
import type { LocalHostReady } from "../../../scripts/localHost/localHostReady";
import type { LocalSeed } from "./localSeed";

/** An id no seeded assignment has: the batch example shows it being parked. */
export const unknownAssignmentId = "00000000-0000-4000-8000-00000000dead";

function sameRoute(path: string, route: string): boolean {
  return path.toLowerCase().endsWith(`/${route.toLowerCase()}`);
}

/**
 * One ready-to-paste curl per HTTP route the host serves, with the seeded ids where the route is
 * one this app knows, and placeholders for any other (a new route still gets its line).
 */
export function localCurlExamples(ready: LocalHostReady, seed: LocalSeed): string[] {
  const delivered = seed.idsByState.delivered[0] ?? "<id>";
  const expired = seed.idsByState.expired[0] ?? "<id>";
  const lines: string[] = [];
  for (const { path, methods } of ready.httpRoutes) {
    const method = methods?.[0] ?? "GET";
    const url = (id: string): string => `${ready.origin}${path.replace(/\{[^}]+\}/g, id)}`;
    if (sameRoute(path, reprocessAssignmentRoute)) {
      lines.push(
        `curl -i -X ${method} ${url(delivered)}    -> 202 Accepted`,
        `curl -s -X ${method} ${url(expired)}    -> 409 assignmentNotDelivered`,
        `curl -s -X ${method} ${url(unknownAssignmentId)}    -> 404 assignmentNotFound`,
      );
    } else if (sameRoute(path, reprocessBatchRoute)) {
      const body = JSON.stringify({ assignmentIds: [delivered, unknownAssignmentId] });
      lines.push(`curl -i -X ${method} ${url("")} -H 'content-type: application/json' -d '${body}'    -> 202; the queue trigger reprocesses the first and parks the unknown one`);
    } else {
      lines.push(`curl -i -X ${method} ${path.replace(/\{([^}:?]+)[^}]*\}/g, "<$1>").replace(/^/, ready.origin)}`);
    }
  }
  return lines;
}
