/** Values Service Bus carries in application properties that this app uses. */
export type ApplicationPropertyValue = string | number | boolean;

export interface OutgoingQueueMessage {
  /** Always explicit: duplicate detection keys on it. */
  readonly messageId: string;
  /** An object goes as JSON; a Buffer as the bytes it holds. */
  readonly body: unknown;
  /** Default application/json. */
  readonly contentType?: string;
  readonly applicationProperties: Readonly<Record<string, ApplicationPropertyValue>>;
  /** Carried on the message itself, so a plain send schedules it and duplicate detection applies. */
  readonly scheduledEnqueueTimeUtc?: Date;
}

export interface QueueSendOptions {
  readonly abortSignal: AbortSignal;
}

/** Sends to a queue of the app's Service Bus namespace. Every failure is a QueueSendError. */
export interface QueueSender {
  send(queueName: string, messages: readonly OutgoingQueueMessage[], options: QueueSendOptions): Promise<void>;
}
