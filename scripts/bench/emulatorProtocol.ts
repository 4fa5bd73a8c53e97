import type { RateLimit } from "../../test/support/graph/tokenBucket";

export interface EmulatorEndpoints {
  readonly type: "ready";
  readonly baseUrl: string;
  readonly identityEndpoint: string;
  readonly identityHeader: string;
  readonly graphScope: string;
  readonly assignmentIds: readonly string[];
}

export interface EmulatorStats {
  readonly type: "stats";
  readonly throttled: number;
  readonly reprocessed: number;
  /** Reprocesses accepted in each whole second since the rate limit was last set. */
  readonly acceptedPerSecond: readonly number[];
  /** 429s answered in each whole second since the rate limit was last set. */
  readonly throttledPerSecond: readonly number[];
  /** Reprocesses accepted in each tenth of a second since the rate limit was last set. */
  readonly acceptedPerTenth: readonly number[];
}

/** Accepted reprocesses per assignment id (ids never reprocessed are absent). */
export interface EmulatorReprocessCounts {
  readonly type: "reprocessCounts";
  readonly counts: Readonly<Record<string, number>>;
}

export type EmulatorCommand =
  | { readonly type: "setRateLimit"; readonly limit: RateLimit | undefined }
  | { readonly type: "stats" }
  | { readonly type: "reprocessCounts" }
  | { readonly type: "close" };
