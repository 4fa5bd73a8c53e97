/** What a chaos consumer process tells its parent, over IPC, as it works. */
export type ChaosConsumerEvent =
  | { readonly kind: "ready" }
  /** Received under a peekLock; sent before the handler runs. */
  | { readonly kind: "locked"; readonly messageId: string; readonly deliveryCount: number; readonly lockedUntilMs: number }
  /** The handler returned and the completion was accepted by the broker. */
  | { readonly kind: "completed"; readonly messageId: string }
  /** The handler returned but the broker refused the completion (the lock had expired): it will come again. */
  | { readonly kind: "completionLost"; readonly messageId: string }
  /** A reprocess call ended; one that failed (timeout, reset, error status) may still have been carried out by Graph. */
  | { readonly kind: "reprocessCallEnded"; readonly clientRequestId: string; readonly succeeded: boolean }
  /** The handler threw: the message was abandoned for redelivery. */
  | { readonly kind: "abandoned"; readonly messageId: string; readonly error: string };

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
