import type { ServiceBusReceivedMessage, ServiceBusReceiver } from "@azure/service-bus";

/**
 * Completes and abandons a receiver's messages one at a time, each waiting for the broker's answer
 * to the one before.
 *
 * Under @azure/service-bus 7.9.5, rhea 3.0.5 writes the dispositions a turn of the event loop
 * produced in one pass and sends the second of two consecutive deliveries with the first one's
 * outcome (see SessionSettler): with messages settled concurrently, a completion issued in the
 * same turn as an abandon was applied as an abandon (the message came back and was reprocessed)
 * and an abandon as a completion (the message was lost). The SDK still reported each settlement
 * as done. The Functions host settles trigger messages with its own client, not this one; the local
 * host (serviceBusTriggerRunner) and the tests' chaos consumer stand in for it with this client, so
 * they must not inherit the bug. It lives with the local host because scripts never import tests.
 */
export class SettleOneAtATime {
  #previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly receiver: ServiceBusReceiver) {}

  complete(message: ServiceBusReceivedMessage): Promise<void> {
    return this.#inTurn(() => this.receiver.completeMessage(message));
  }

  abandon(message: ServiceBusReceivedMessage): Promise<void> {
    return this.#inTurn(() => this.receiver.abandonMessage(message));
  }

  #inTurn(settle: () => Promise<void>): Promise<void> {
    const turn = this.#previous.then(settle);
    this.#previous = turn.catch(() => undefined);
    return turn;
  }
}
