import type { Delivery, Session, Typed } from "rhea";

/**
 * Settles deliveries so that no two of one session are settled in the same turn of the event loop.
 *
 * rhea 3.0.5 writes the dispositions pending on a session in one pass (`write_dispositions` in
 * lib/session.js). It extends a range over consecutive delivery ids, but compares outcomes only
 * once the range holds two deliveries, and sends the whole range with its first delivery's
 * outcome: the second delivery settled in a turn goes out with the first one's outcome. For the
 * peer that meant a refused send after an accepted one was reported accepted (and never stored),
 * and a send accepted after a refused one was reported refused (yet stored). One settlement per
 * session per turn gives every disposition a frame of its own; rhea writes the frame on the next
 * tick, before the next turn's settlement.
 *
 * It also ends the peer's own record of a delivery it sent to a receiver. The SDK receives in
 * peekLock with receiver-settle-mode second: it answers with an unsettled disposition and, once
 * the peer settles, settles on its side without another frame, which for AMQP ends the delivery.
 * rhea 3.0.5 frees an outgoing delivery's slot in the session's buffer (2,048 by default) only once
 * the receiver has sent `settled`, so after 2,048 deliveries a consumer's session had no slot left
 * and the peer stopped sending to it, credit or not (Service Bus does no such thing): a chaos run
 * with more than 2,048 deliveries per consumer stalled.
 */
export class SessionSettler {
  readonly #waiting = new Map<Session, { delivery: Delivery; outcome: Typed }[]>();
  readonly #queued = new WeakSet<Delivery>();

  settle(delivery: Delivery, outcome: Typed): void {
    if (delivery.settled || this.#queued.has(delivery)) return;
    const session = delivery.link.session;
    const waiting = this.#waiting.get(session);
    if (waiting !== undefined) {
      this.#queued.add(delivery);
      waiting.push({ delivery, outcome });
      return;
    }
    this.#update(delivery, outcome);
    this.#waiting.set(session, []);
    setImmediate(() => {
      this.#next(session);
    });
  }

  /** True once the delivery is settled or waiting for its turn. */
  isSettling(delivery: Delivery): boolean {
    return delivery.settled || this.#queued.has(delivery);
  }

  #next(session: Session): void {
    const next = this.#waiting.get(session)?.shift();
    if (next === undefined) {
      this.#waiting.delete(session);
      return;
    }
    this.#update(next.delivery, next.outcome);
    setImmediate(() => {
      this.#next(session);
    });
  }

  #update(delivery: Delivery, outcome: Typed): void {
    delivery.update(true, outcome);
    if (!delivery.link.is_sender() || delivery.remote_settled) return;
    // rhea writes the disposition on the next tick and skips it for a delivery already marked
    // remotely settled: mark it only after, and rhea drops it from the buffer on its next pass.
    setImmediate(() => {
      // rhea types it read-only; its own code sets it when a receiver's settled disposition arrives.
      Reflect.set(delivery, "remote_settled", true);
    });
  }
}
