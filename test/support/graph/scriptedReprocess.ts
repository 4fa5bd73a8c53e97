/**
 * What an accepted reprocess does over time, scripted per seeded item: Graph documents only the
 * 202, not how long delivery takes nor how it ends, so tests say both. The item is `delivering`
 * from the 202 on, and `state` once `afterMs` have passed on the emulator's clock.
 */
export interface ScriptedReprocess {
  readonly state: "delivered" | "deliveryFailed" | "partiallyDelivered";
  readonly afterMs: number;
}

export const deliveredAtOnce: ScriptedReprocess = { state: "delivered", afterMs: 0 };

export function checkScriptedReprocess(script: ScriptedReprocess | undefined, id: string): void {
  if (script !== undefined && !(Number.isFinite(script.afterMs) && script.afterMs >= 0)) {
    throw new RangeError(`afterReprocess.afterMs of '${id}' must be a finite number of milliseconds >= 0`);
  }
}
