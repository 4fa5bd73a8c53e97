import type { EmulatedOperation } from "./emulatedOperation";

export type Fault =
  /** 429 TooManyRequests; without retryAfterSeconds no Retry-After header is sent. */
  | { readonly kind: "throttle"; readonly retryAfterSeconds?: number }
  /** Any status; `body` replaces the Graph error body verbatim (default content type text/plain). */
  | {
      readonly kind: "status";
      readonly status: number;
      readonly code?: string;
      readonly body?: string;
      readonly contentType?: string;
    }
  /** Destroys the connection without answering. */
  | { readonly kind: "reset" }
  /** Waits, then answers normally. */
  | { readonly kind: "delay"; readonly delayMs: number }
  /** Never answers; the socket is destroyed when the emulator closes. */
  | { readonly kind: "hang" };

export interface FaultRule {
  /** Every given field must match; `operation` names the call as the Graph client does. */
  readonly match?: { readonly method?: string; readonly pathIncludes?: string; readonly operation?: EmulatedOperation };
  readonly fault: Fault;
  /** How many matching requests it applies to. Default 1. */
  readonly times?: number;
}

export interface FaultRate {
  /** Probability, 0..1, that a request gets one of `faults` (picked uniformly). */
  readonly rate: number;
  readonly faults: readonly Fault[];
  /** Same seed, same sequence of faults for the same sequence of requests. */
  readonly seed?: number;
}
