/** One delivery of one message: the broker counts deliveries, so the pair names it uniquely. */
export interface DeliveryRef {
  readonly messageId: string;
  /** As Service Bus and the host count it: 1 for the first delivery. */
  readonly deliveryCount: number;
}

/** What a consumer process tells its parent, over IPC, as it works. */
export type ChaosConsumerEvent =
  | { readonly kind: "ready" }
  /** Received under a peekLock; sent before the handler runs. */
  | ({ readonly kind: "locked"; readonly lockedUntilMs: number } & DeliveryRef)
  /**
   * A reprocess call ended; one that failed (timeout, reset, error status) may still have been
   * carried out by Graph. `delivery` is the delivery whose handler made it.
   */
  | { readonly kind: "reprocessCallEnded"; readonly clientRequestId: string; readonly succeeded: boolean; readonly delivery: DeliveryRef | undefined }
  /** A Graph call failed for want of a token: the managed identity endpoint refused the credential. */
  | { readonly kind: "tokenUnavailable" }
  /** The handler sent a copy (retry or parked) and the SDK reported the outcome; a failure may still have been stored. */
  | ({ readonly kind: "sendEnded"; readonly queue: string; readonly sentIds: readonly string[]; readonly ok: boolean } & DeliveryRef)
  /** The handler returned and the broker confirmed the completion. */
  | ({ readonly kind: "completed" } & DeliveryRef)
  /** The handler returned but the completion was not confirmed (lock expired, or no answer): it may come again. */
  | ({ readonly kind: "completionLost"; readonly error: string } & DeliveryRef)
  /** The handler threw: the message is abandoned for redelivery. */
  | ({ readonly kind: "abandoned"; readonly error: string } & DeliveryRef)
  /** The abandon after a throw was not confirmed by the broker: the message comes back when its lock lapses. */
  | ({ readonly kind: "abandonFailed"; readonly error: string } & DeliveryRef)
  /** A verify ended: the app's verification event, with the assignment it was about. */
  | { readonly kind: "verified"; readonly assignmentId: string; readonly outcome: "delivered" | "stillFailing" | "gaveUp"; readonly attempts: number };

/** The settings a consumer process is started with, as environment variables. */
export interface ChaosConsumerSettings {
  readonly CHAOS_SERVICE_BUS: string;
  readonly CHAOS_QUEUE: string;
  readonly CHAOS_PARKED_QUEUE: string;
  readonly CHAOS_GRAPH_BASE_URL: string;
  readonly CHAOS_CLOCK_ORIGIN: string;
  readonly CHAOS_CLOCK_SPEED: string;
  readonly CHAOS_MAX_CONCURRENT_CALLS: string;
  readonly IDENTITY_ENDPOINT: string;
  readonly IDENTITY_HEADER: string;
  readonly NODE_EXTRA_CA_CERTS: string;
}

/**
 * Business time for scheduled messages, shared by the peer and every consumer: real time sped up,
 * so a Retry-After of seconds and a backoff of minutes pass in milliseconds. Locks and Graph
 * timeouts stay on the wall clock, as in production.
 */
export function acceleratedClock(originMs: number, speed: number): () => number {
  return () => originMs + (Date.now() - originMs) * speed;
}

/**
 * Verification as the consumers run it, in business time (100x): the first read 30 s after the
 * 202, gaps doubling to at most 4 minutes, no read later than 20 minutes after it (12 s of wall
 * time): 7 reads at 0.5, 1.5, 3.5, 7.5, 11.5, 15.5 and 19.5 minutes.
 */
export const chaosVerification = { afterMs: 30_000, maxMs: 20 * 60_000, maxIntervalMs: 4 * 60_000 } as const;
