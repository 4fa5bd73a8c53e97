import type { GraphRequestIds } from "../graph/graphError";
import type { GraphFailureOutcome } from "./graphFailureOutcome";

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
  | (RequestOutcomeBase & {
      readonly kind: "notReprocessable";
      readonly state: string;
      readonly completedDateTime?: string;
      readonly why: NotReprocessableWhy;
      readonly message: string;
    })
  /** notFound, throttled, unavailable, forbidden, failed: what a failed Graph call means. */
  | (RequestOutcomeBase & GraphFailureOutcome);

export type RequestReprocessOutcomeKind = RequestReprocessOutcome["kind"];
