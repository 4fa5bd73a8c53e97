/** Business time for a test: starts at a fixed instant and moves only when the test moves it. */
export class TestClock {
  #nowMs: number;

  constructor(startMs: number = Date.parse("2026-11-28T09:00:00Z")) {
    this.#nowMs = startMs;
  }

  readonly now = (): number => this.#nowMs;

  set(ms: number): void {
    if (ms < this.#nowMs) throw new RangeError("A test clock never goes back.");
    this.#nowMs = ms;
  }

  advance(ms: number): void {
    this.set(this.#nowMs + ms);
  }
}
