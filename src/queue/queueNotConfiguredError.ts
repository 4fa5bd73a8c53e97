/** The Service Bus connection is not configured, so the queue path cannot send anything. */
export class QueueNotConfiguredError extends Error {
  override readonly name = "QueueNotConfiguredError";

  constructor() {
    super("Service Bus is not configured: set ServiceBusConnection (a connection string) or ServiceBusConnection__fullyQualifiedNamespace.");
  }
}
