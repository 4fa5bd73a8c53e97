import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hostStartSettings } from "./support/host/hostStartSettings";
import { loadMainInFreshProcess, mainFiles, type HostLoadResult } from "./support/host/loadMainInFreshProcess";

// The same less every queue setting: the app must still start, with the queue path off.
const withoutServiceBus = Object.fromEntries(Object.entries(hostStartSettings).filter(([name]) => !name.startsWith("ServiceBusConnection") && name !== "REPROCESS_QUEUE_NAME"));

describe("the entry named by package.json main", () => {
  let loaded: HostLoadResult;

  beforeAll(async () => {
    execFileSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });
    loaded = await loadMainInFreshProcess(hostStartSettings);
  }, 120_000);

  it("resolves to at least one built file", () => {
    expect(mainFiles().length).toBeGreaterThan(0);
  });

  it("loads without error under the host", () => {
    expect(loaded.stderr).toBe("");
    expect(loaded.exitCode).toBe(0);
  });

  it("declares the v4 programming model", () => {
    expect(loaded.programmingModel?.name).toBe("@azure/functions");
  });

  it("registers POST /api/assignments/{id}/reprocess at auth level function", () => {
    const fn = loaded.registrations.find((registration) => registration.name === "reprocessAssignment");
    const trigger = Object.values(fn?.bindings ?? {}).find((binding) => binding.type === "httpTrigger");
    expect(trigger).toMatchObject({ route: "assignments/{id}/reprocess", methods: ["POST"], authLevel: "function", direction: "in" });
  });

  it("registers POST /api/reprocess, the batch endpoint, at auth level function", () => {
    const fn = loaded.registrations.find((registration) => registration.name === "reprocessBatch");
    const trigger = Object.values(fn?.bindings ?? {}).find((binding) => binding.type === "httpTrigger");
    expect(trigger).toMatchObject({ route: "reprocess", methods: ["POST"], authLevel: "function", direction: "in" });
  });

  it("registers the queue trigger on %REPROCESS_QUEUE_NAME% through the ServiceBusConnection connection", () => {
    const fn = loaded.registrations.find((registration) => registration.name === "reprocessQueue");
    const trigger = Object.values(fn?.bindings ?? {}).find((binding) => binding.direction === "in");
    expect(trigger).toMatchObject({ type: "serviceBusTrigger", queueName: "%REPROCESS_QUEUE_NAME%", connection: "ServiceBusConnection" });
  });

  it("registers POST /api/assignmentRequests/{id}/reprocess at auth level function", () => {
    const fn = loaded.registrations.find((registration) => registration.name === "reprocessAssignmentRequest");
    const trigger = Object.values(fn?.bindings ?? {}).find((binding) => binding.type === "httpTrigger");
    expect(trigger).toMatchObject({ route: "assignmentRequests/{id}/reprocess", methods: ["POST"], authLevel: "function", direction: "in" });
  });

  it("does not register the heal sweep when HEAL_SCHEDULE is not set", () => {
    expect(loaded.registrations.map((registration) => registration.name)).not.toContain("healSweep");
  });

  it("registers the heal sweep on %HEAL_SCHEDULE%, monitored and not run on start-up, when HEAL_SCHEDULE is set", async () => {
    const started = await loadMainInFreshProcess({ ...hostStartSettings, HEAL_SCHEDULE: "0 0 3 * * *" });
    expect(started.exitCode).toBe(0);
    const fn = started.registrations.find((registration) => registration.name === "healSweep");
    const trigger = Object.values(fn?.bindings ?? {}).find((binding) => binding.direction === "in");
    expect(trigger).toMatchObject({ type: "timerTrigger", schedule: "%HEAL_SCHEDULE%", runOnStartup: false, useMonitor: true });
  });

  it("refuses to start, naming HEAL_ACCESS_PACKAGE_IDS, when it holds something other than GUIDs", async () => {
    const started = await loadMainInFreshProcess({ ...hostStartSettings, HEAL_SCHEDULE: "0 0 3 * * *", HEAL_ACCESS_PACKAGE_IDS: "all" });
    expect(started.exitCode).not.toBe(0);
    expect(started.stderr).toContain("HEAL_ACCESS_PACKAGE_IDS");
  });

  it("registers every HTTP trigger at auth level function", () => {
    const httpTriggers = loaded.registrations.flatMap((fn) => Object.values(fn.bindings)).filter((binding) => binding.type === "httpTrigger");
    expect(httpTriggers.length).toBeGreaterThan(0);
    for (const trigger of httpTriggers) {
      expect(trigger.authLevel).toBe("function");
    }
  });

  it("starts without Service Bus settings, saying once that the queue path is unavailable", async () => {
    const started = await loadMainInFreshProcess(withoutServiceBus);
    expect(started.exitCode).toBe(0);
    expect(started.stderr).toContain("ServiceBusConnection is not set");
    expect(started.registrations.map((registration) => registration.name)).toContain("reprocessAssignment");
  });

  it("refuses to start when a Service Bus setting is malformed, naming it", async () => {
    const failed = await loadMainInFreshProcess({ ...hostStartSettings, ServiceBusConnection__fullyQualifiedNamespace: "sb://reprocessor.servicebus.windows.net" });
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toContain("ServiceBusConnection__fullyQualifiedNamespace");
  });

  it("refuses to start with a message naming the bad setting", async () => {
    const failed = await loadMainInFreshProcess({ ...hostStartSettings, GRAPH_CLOUD: "Mars" });
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toContain("GRAPH_CLOUD");
    expect(failed.stderr).toContain("Global, USGov, USGovDoD, China");
  });
});
