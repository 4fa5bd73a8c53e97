export interface QueueSendErrorOptions {
  readonly queueName: string;
  /** Messages known to have been accepted before the failure; resending them is harmless. */
  readonly sentCount: number;
  readonly cause?: unknown;
}

/** A send to Service Bus did not complete; some messages may have been sent (ids make resending safe). */
export class QueueSendError extends Error {
  override readonly name = "QueueSendError";
  readonly queueName: string;
  readonly sentCount: number;

  constructor(message: string, options: QueueSendErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.queueName = options.queueName;
    this.sentCount = options.sentCount;
  }
}

export function isQueueSendError(value: unknown): value is QueueSendError {
  return value instanceof Error && value.name === "QueueSendError";
}
