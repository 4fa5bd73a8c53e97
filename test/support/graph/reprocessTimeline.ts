import type { ScriptedReprocess } from "./scriptedReprocess";

export interface SettledReprocess {
  readonly id: string;
  readonly state: ScriptedReprocess["state"];
  /** When delivery ended on the emulator's clock: a request that ends delivered completes then. */
  readonly endedAtMs: number;
}

/**
 * The reprocesses still delivering. Settled lazily, whenever the emulator next reads its items,
 * so a test moving the emulator's clock sees the outcome at once, with no timers to wait for.
 */
export class ReprocessTimeline {
  private readonly pending = new Map<string, SettledReprocess>();

  start(id: string, script: ScriptedReprocess, nowMs: number): void {
    this.pending.set(id, { id, state: script.state, endedAtMs: nowMs + script.afterMs });
  }

  /** Forgets a pending reprocess, for an item replaced by a fresh seed. */
  cancel(id: string): void {
    this.pending.delete(id);
  }

  /** Removes and returns every reprocess whose delivery has ended by `nowMs`. */
  settle(nowMs: number): SettledReprocess[] {
    const settled: SettledReprocess[] = [];
    for (const entry of this.pending.values()) {
      if (entry.endedAtMs <= nowMs) settled.push(entry);
    }
    for (const entry of settled) this.pending.delete(entry.id);
    return settled;
  }
}
