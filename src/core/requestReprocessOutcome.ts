import type { GraphRequestIds } from "../graph/graphError";
import type { requiredGraphPermission } from "./reprocessOutcome";

interface RequestOutcomeBase {
  readonly assignmentRequestId: string;
  /** Ids of the last Graph call made for this outcome. */
  readonly graph: GraphRequestIds;
  /** Graph calls made (state read + reprocess, + a second read after a refusal), inline retries not counted. */
  readonly graphCalls: number;
}

/** Why Graph will not reprocess a request that exists. */
export type NotReprocessableWhy =
  /** Only `deliveryFailed` and `partiallyDelivered` requests can be reprocessed. */
  | "state"
  /** The request failed more than 14 days ago: the user must cancel it and request again. */
  | "windowClosed";

/** Everything reprocessing an assignment request can come to; each kind is something a caller acts on. */
export type RequestReprocessOutcome =
  | (RequestOutcomeBase & { readonly kind: "accepted" })
  | { readonly kind: "invalidId"; readonly reason: string; readonly graphCalls: 0 }
  | (RequestOutcomeBase & { readonly kind: "notFound"; readonly message: string })
  | (RequestOutcomeBase & {
      readonly kind: "notReprocessable";
      readonly state: string;
      readonly completedDateTime?: string;
      readonly why: NotReprocessableWhy;
      readonly message: string;
    })
  | (RequestOutcomeBase & { readonly kind: "throttled"; readonly retryAfterMs: number | undefined; readonly message: string })
  | (RequestOutcomeBase & { readonly kind: "unavailable"; readonly retryAfterMs: number | undefined; readonly status: number | undefined; readonly message: string })
  | (RequestOutcomeBase & {
      readonly kind: "forbidden";
      readonly status: number;
      readonly requiredPermission: typeof requiredGraphPermission;
      readonly message: string;
    })
  | (RequestOutcomeBase & { readonly kind: "failed"; readonly status: number | undefined; readonly code: string; readonly message: string });

export type RequestReprocessOutcomeKind = RequestReprocessOutcome["kind"];
