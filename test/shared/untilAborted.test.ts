import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { untilAborted } from "../../src/shared/untilAborted";
import { useUnhandledErrorCount } from "../support/useUnhandledErrorCount";

const aborted = (): Error => new Error("gave up waiting");
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("untilAborted", () => {
  const unhandled = useUnhandledErrorCount();

  it("ends with the promise's outcome when it comes first", async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal, aborted)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error("refused")), new AbortController().signal, aborted)).rejects.toThrow("refused");
  });

  it("ends with the caller's error as soon as the signal aborts, while the promise runs on", async () => {
    const caller = new AbortController();
    let finish: (value: number) => void = () => undefined;
    const work = new Promise<number>((resolve) => (finish = resolve));
    const waiting = untilAborted(work, caller.signal, aborted);
    caller.abort();
    await expect(waiting).rejects.toThrow("gave up waiting");
    finish(1);
    await expect(work).resolves.toBe(1);
  });

  it("leaves no rejection unhandled when the promise fails after the wait ended, even on a signal aborted from the start", async () => {
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<number>((_, reject) => (fail = reject));
    await expect(untilAborted(work, AbortSignal.abort(), aborted)).rejects.toThrow("gave up waiting");
    fail(new Error("failed later"));
    await settle();
    expect(unhandled()).toBe(0);
  });

  it("stops listening to the signal once the promise settles", async () => {
    const caller = new AbortController();
    await untilAborted(Promise.resolve(1), caller.signal, aborted);
    await settle();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
