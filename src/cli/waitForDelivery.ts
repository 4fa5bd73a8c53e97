import { setTimeout as sleepFor } from "node:timers/promises";
import type { DeliveryReading } from "../core/deliveryStatusReader";

/** How an accepted item's wait ended. */
export type WaitEnd =
  /** Graph reports it delivered. */
  | "delivered"
  /** It ended any other way (deliveryFailed, partiallyDelivered, ...): waiting longer will not help. */
  | "notDelivered"
  /** Still on its way when `--wait-timeout` passed. */
  | "timedOut"
  /** Graph refused the read for good (notFound, forbidden, failed). */
  | "readFailed"
  /** Ctrl+C. */
  | "cancelled";

export interface WaitResult {
  readonly end: WaitEnd;
  /** Graph's state at the last successful read. */
  readonly state: string | undefined;
  readonly reads: number;
}

export type ReadOne = (id: string, abortSignal: AbortSignal) => Promise<DeliveryReading>;

export interface WaitForDeliveryOptions {
  readonly timeoutMs: number;
  /** Reads in flight at once (the run's --concurrency). */
  readonly concurrency: number;
  readonly abortSignal: AbortSignal;
  /** Called once per item as its wait ends. */
  readonly onEnded?: (end: WaitEnd) => void;
}

/** The first read after 2 s (most deliveries take seconds to minutes), then 4, 8, 16, and every 30 s. */
const firstPollMs = 2_000;
const maxPollMs = 30_000;

async function readAll(ids: readonly string[], readOne: ReadOne, concurrency: number, abortSignal: AbortSignal): Promise<Map<string, DeliveryReading>> {
  const readings = new Map<string, DeliveryReading>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length && !abortSignal.aborted) {
      const id = ids[next++];
      if (id !== undefined) readings.set(id, await readOne(id, abortSignal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return readings;
}

function endOf(reading: DeliveryReading): WaitEnd | undefined {
  if (reading.kind === "read") return reading.status.delivery === "delivered" ? "delivered" : reading.status.delivery === "notDelivered" ? "notDelivered" : undefined;
  // Throttled or unavailable: read again next round, like an item still on its way.
  return reading.kind === "throttled" || reading.kind === "unavailable" ? undefined : "readFailed";
}

/**
 * Reads each accepted item's state in rounds, backing off, until each is delivered, ended
 * otherwise, or the timeout passes (a last round is read at the timeout itself). Every item gets
 * an end; Ctrl+C ends the rest `cancelled`.
 */
export async function waitForDelivery(ids: readonly string[], readOne: ReadOne, options: WaitForDeliveryOptions): Promise<Map<string, WaitResult>> {
  const started = Date.now();
  const results = new Map<string, WaitResult>();
  const last = new Map<string, { state: string | undefined; reads: number }>(ids.map((id) => [id, { state: undefined, reads: 0 }]));
  const end = (id: string, ended: WaitEnd): void => {
    const seen = last.get(id);
    results.set(id, { end: ended, state: seen?.state, reads: seen?.reads ?? 0 });
    last.delete(id);
    options.onEnded?.(ended);
  };
  let pollMs = firstPollMs;
  let elapsedMs = 0;
  while (last.size > 0) {
    const waitMs = Math.min(pollMs, Math.max(0, options.timeoutMs - elapsedMs));
    try {
      await sleepFor(waitMs, undefined, { signal: options.abortSignal });
    } catch {
      break;
    }
    const readings = await readAll([...last.keys()], readOne, options.concurrency, options.abortSignal);
    for (const [id, reading] of readings) {
      const seen = last.get(id);
      if (seen === undefined) continue;
      last.set(id, { state: reading.kind === "read" ? reading.status.state : seen.state, reads: seen.reads + 1 });
      const ended = endOf(reading);
      if (ended !== undefined) end(id, ended);
    }
    if (options.abortSignal.aborted) break;
    elapsedMs = Date.now() - started;
    if (elapsedMs >= options.timeoutMs) break;
    pollMs = Math.min(pollMs * 2, maxPollMs);
  }
  for (const id of [...last.keys()]) end(id, options.abortSignal.aborted ? "cancelled" : "timedOut");
  return results;
}
