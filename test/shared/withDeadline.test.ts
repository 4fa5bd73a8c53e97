import { getEventListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { withDeadline } from "../../src/shared/withDeadline";

const activeTimers = (): number => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;

/** An operation that ends only when its signal aborts, with the signal's reason. */
const untilAborted = ({ abortSignal }: { abortSignal: AbortSignal }): Promise<never> =>
  new Promise((_, reject) => {
    abortSignal.addEventListener(
      "abort",
      () => {
        reject(abortSignal.reason as Error);
      },
      { once: true },
    );
  });

describe("withDeadline", () => {
  it("returns what the operation returns when it ends in time", async () => {
    await expect(withDeadline(1_000, () => Promise.resolve(42))).resolves.toBe(42);
  });

  it("aborts the operation with a TimeoutError once the deadline passes, and says it expired", async () => {
    let expired: (() => boolean) | undefined;
    const run = withDeadline(20, (deadline) => {
      expired = () => deadline.expired;
      return untilAborted(deadline);
    });
    await expect(run).rejects.toMatchObject({ name: "TimeoutError" });
    expect(expired?.()).toBe(true);
  });

  it("passes the caller's abort on with its reason, and does not call that an expiry", async () => {
    const caller = new AbortController();
    let expired: (() => boolean) | undefined;
    const run = withDeadline(
      10_000,
      (deadline) => {
        expired = () => deadline.expired;
        return untilAborted(deadline);
      },
      { abortSignal: caller.signal },
    );
    caller.abort(new Error("shutting down"));
    await expect(run).rejects.toThrow("shutting down");
    expect(expired?.()).toBe(false);
  });

  it("starts already aborted when the caller's signal has aborted", async () => {
    const aborted = AbortSignal.abort(new Error("gone"));
    await expect(withDeadline(10_000, ({ abortSignal }) => Promise.resolve(abortSignal.aborted), { abortSignal: aborted })).resolves.toBe(true);
  });

  it("frees its timer as soon as the operation ends, not when the deadline would have passed", async () => {
    const before = activeTimers();
    await withDeadline(240_000, () => sleep(1));
    await withDeadline(240_000, () => Promise.reject(new Error("failed"))).catch(() => undefined);
    expect(activeTimers()).toBe(before);
  });

  it("stops listening to the caller's signal once the operation ends", async () => {
    const caller = new AbortController();
    for (let i = 0; i < 3; i += 1) await withDeadline(240_000, () => Promise.resolve(i), { abortSignal: caller.signal });
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
