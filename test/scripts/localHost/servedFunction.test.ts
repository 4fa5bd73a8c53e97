import { describe, expect, it } from "vitest";
import type { CapturedFunction } from "../../../scripts/localHost/capturedRegistrations";
import { servedFunctions } from "../../../scripts/localHost/servedFunction";

const handler = (): undefined => undefined;
const timer = (schedule: string): CapturedFunction => ({
  metadata: { name: "healSweep", bindings: { timerTrigger1: { type: "timerTrigger", direction: "in", name: "timerTrigger1", schedule } } },
  handler,
});

describe("servedFunctions", () => {
  it("serves a timer on its schedule resolved from %SETTING%", () => {
    const [served] = servedFunctions([timer("%HEAL_SCHEDULE%")], { HEAL_SCHEDULE: "0 0 */6 * * *" });

    expect(served).toMatchObject({ kind: "timer", name: "healSweep", runOnStartup: false });
    expect(served?.kind === "timer" ? served.schedule.next(Date.parse("2026-12-06T01:00:00Z")) : undefined).toBe(Date.parse("2026-12-06T06:00:00Z"));
  });

  it("does not serve a function whose %SETTING% is unset, and says which setting", () => {
    expect(servedFunctions([timer("%HEAL_SCHEDULE%")], {})).toEqual([{ kind: "notServed", name: "healSweep", reason: expect.stringContaining("HEAL_SCHEDULE") as unknown }]);
  });

  it("serves a Service Bus queue trigger on the queue named by its setting, through its connection setting", () => {
    const queue: CapturedFunction = {
      metadata: { name: "reprocessQueue", bindings: { t: { type: "serviceBusTrigger", direction: "in", name: "t", queueName: "%REPROCESS_QUEUE_NAME%", connection: "ServiceBusConnection" } } },
      handler,
    };

    expect(servedFunctions([queue], { REPROCESS_QUEUE_NAME: "reprocess" })).toMatchObject([{ kind: "serviceBusQueue", queueName: "reprocess", connection: "ServiceBusConnection" }]);
  });

  it("serves an HTTP trigger with its route and upper-case methods, whatever its name", () => {
    const http: CapturedFunction = {
      metadata: {
        name: "anything",
        bindings: { h: { type: "httpTrigger", direction: "in", name: "h", route: "x/{id}", methods: ["post"], authLevel: "function" }, $return: { type: "http", direction: "out", name: "$return" } },
      },
      handler,
    };

    expect(servedFunctions([http], {})).toMatchObject([{ kind: "http", name: "anything", route: "x/{id}", methods: ["POST"], authLevel: "function" }]);
  });

  it("does not serve a trigger type it has no extension for, and says so", () => {
    const blob: CapturedFunction = { metadata: { name: "onBlob", bindings: { b: { type: "blobTrigger", direction: "in", name: "b", path: "c/{name}" } } }, handler };

    expect(servedFunctions([blob], {})).toMatchObject([{ kind: "notServed", reason: expect.stringContaining("no blobTrigger trigger") as unknown }]);
  });
});
