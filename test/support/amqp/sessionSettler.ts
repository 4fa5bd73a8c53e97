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
    delivery.update(true, outcome);
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
    next.delivery.update(true, next.outcome);
    setImmediate(() => {
      this.#next(session);
    });
  }
}
