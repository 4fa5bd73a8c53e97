import type { GraphRequestIds } from "../graph/graphError";

/** The Graph application permission this app needs. */
export const requiredGraphPermission = "EntitlementManagement.ReadWrite.All";

interface AssignmentOutcomeBase {
  readonly assignmentId: string;
  /** Ids of the last Graph call made for this outcome. */
  readonly graph: GraphRequestIds;
  /** Graph calls made (state check + reprocess), inline retries not counted. */
  readonly graphCalls: number;
}

/** Everything a reprocess request can come to; each kind is something a caller acts on. */
export type ReprocessOutcome =
  | (AssignmentOutcomeBase & { readonly kind: "accepted" })
  | { readonly kind: "invalidId"; readonly reason: string; readonly graphCalls: 0 }
  | (AssignmentOutcomeBase & { readonly kind: "notFound"; readonly message: string })
  | (AssignmentOutcomeBase & { readonly kind: "notDelivered"; readonly state: string; readonly message: string })
  | (AssignmentOutcomeBase & { readonly kind: "throttled"; readonly retryAfterMs: number | undefined; readonly message: string })
  | (AssignmentOutcomeBase & { readonly kind: "unavailable"; readonly retryAfterMs: number | undefined; readonly status: number | undefined; readonly message: string })
  | (AssignmentOutcomeBase & {
      readonly kind: "forbidden";
      readonly status: number;
      readonly requiredPermission: typeof requiredGraphPermission;
      readonly message: string;
    })
  | (AssignmentOutcomeBase & { readonly kind: "failed"; readonly status: number | undefined; readonly code: string; readonly message: string });

export type ReprocessOutcomeKind = ReprocessOutcome["kind"];

/** Worth trying again later without anyone changing anything. */
export function isTransientOutcome(outcome: ReprocessOutcome): outcome is Extract<ReprocessOutcome, { kind: "throttled" | "unavailable" }> {
  return outcome.kind === "throttled" || outcome.kind === "unavailable";
}
