export interface GraphRequestIds {
  /** Graph's `request-id` response header, when a response arrived. */
  readonly requestId?: string;
  /** The `client-request-id` we sent; Microsoft support asks for both. */
  readonly clientRequestId: string;
}

export interface GraphErrorOptions extends GraphRequestIds {
  /** HTTP status; undefined when no response arrived (network failure, timeout). */
  readonly status?: number;
  /** Graph's error code, or ours: `networkError`, `timeout`, `invalidResponse`. */
  readonly code: string;
  readonly retryAfterMs?: number;
  /** Inline retries spent before giving up. */
  readonly retries: number;
  readonly cause?: unknown;
}

/** A Graph call that did not succeed, with everything a caller or Microsoft support acts on. */
export class GraphError extends Error {
  override readonly name = "GraphError";
  readonly status: number | undefined;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly clientRequestId: string;
  readonly retryAfterMs: number | undefined;
  readonly retries: number;

  constructor(message: string, options: GraphErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.clientRequestId = options.clientRequestId;
    this.retryAfterMs = options.retryAfterMs;
    this.retries = options.retries;
  }

  get ids(): GraphRequestIds {
    return this.requestId === undefined
      ? { clientRequestId: this.clientRequestId }
      : { requestId: this.requestId, clientRequestId: this.clientRequestId };
  }
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof Error && value.name === "GraphError";
}
