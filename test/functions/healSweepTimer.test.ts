import type { Timer } from "@azure/functions";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HealSweepEvent } from "../../src/core/telemetry";
import { createHealSweepTimerHandler } from "../../src/functions/healSweepTimer";
import { startQueueTestBed, startSharedServiceBus, type QueueTestBed, type SharedServiceBus } from "../support/amqp/queueTestBed";
import type { PeerMessage } from "../support/amqp/peerMessage";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { seedAssignments } from "../support/graph/seedAssignments";
import { createInvocationContext } from "../support/host/functionInvocation";

const dayMs = 24 * 60 * 60 * 1000;
const healedPackage = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
const slot = "2026-11-28T09:00:00.000Z";
const sweepId = "heal-20261128T090000Z";

/** The TimerInfo the host sends, as @azure/functions hands it to the handler (camel-cased). */
function hostTimer(isPastDue: boolean): Timer {
  return {
    isPastDue,
    schedule: { adjustForDST: true },
    scheduleStatus: { last: "2026-11-27T09:00:00.0000000+00:00", next: "2026-11-28T09:00:00+00:00", lastUpdated: "2026-11-27T09:00:00.0130000+00:00" },
  };
}

function bodyOf(message: PeerMessage): Record<string, unknown> {
  return message.body.kind === "data" ? (message.body.json as Record<string, unknown>) : {};
}

describe("the healSweep timer", () => {
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed;
  // Every state at ages 1, 7, 13, 15 and 30 days: 45 requests, 10 of them in a reprocessable state.
  let requests: ReturnType<typeof seedAssignmentRequests>;
  const assignments = seedAssignments({ count: 5, accessPackageId: healedPackage, scope: 7 });

  beforeAll(async () => {
    serviceBus = await startSharedServiceBus();
  });
  afterAll(async () => serviceBus.close());

  beforeEach(async () => {
    requests = seedAssignmentRequests({ count: 45, nowMs: serviceBus.clock.now() });
    // Pages of 2, so each state's list and the package's assignments take several pages.
    bed = await startQueueTestBed({ emulator: { now: serviceBus.clock.now, pageSize: 2, assignmentRequests: requests, assignments }, random: () => 1, serviceBus });
  });
  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  const fire = async (isPastDue = false) => {
    const handler = createHealSweepTimerHandler({
      queueSender: bed.sender,
      queueName: bed.queue.queueName,
      telemetry: bed.telemetry,
      settings: { lookbackDays: 60, accessPackageIds: [healedPackage] },
      now: serviceBus.clock.now,
    });
    const { context, logs } = createInvocationContext({ functionName: "healSweep" });
    await handler(hostTimer(isPastDue), context);
    return logs;
  };
  const insideWindow = () =>
    requests.filter((request) => (request.state === "deliveryFailed" || request.state === "partiallyDelivered") && serviceBus.clock.now() - Date.parse(request.completedDateTime ?? "") <= 14 * dayMs);

  it("sends one first page per state and one expand per configured package, named after the slot", async () => {
    await fire();
    expect(bed.work().map((message) => [message.messageId, bodyOf(message)])).toEqual([
      [`${sweepId}:deliveryFailed:page:1`, { type: "healPage", state: "deliveryFailed", createdOnOrAfter: "2026-09-29T09:00:00.000Z", reprocessNotBefore: "2026-11-28T09:30:00.000Z" }],
      [`${sweepId}:partiallyDelivered:page:1`, { type: "healPage", state: "partiallyDelivered", createdOnOrAfter: "2026-09-29T09:00:00.000Z", reprocessNotBefore: "2026-11-28T09:30:00.000Z" }],
      [`${sweepId}.${healedPackage}:page:1`, { type: "expand", accessPackageId: healedPackage }],
    ]);
  });

  it("sends exactly one reprocessRequest per failed request inside its window, and reprocesses each once", async () => {
    await fire();
    await bed.host.runUntilIdle();
    expect(bed.host.failed).toEqual([]);
    const sent = bed.host.completed.filter((message) => bodyOf(message).type === "reprocessRequest");
    expect(sent.map((message) => message.messageId).sort()).toEqual(insideWindow().map((request) => `${sweepId}:${request.id}`).sort());
    expect(sent.every((message) => message.applicationProperties.origin === "heal")).toBe(true);
    for (const request of requests) {
      expect([request.id, bed.graph.emulator.requestReprocessCount(request.id)]).toEqual([request.id, insideWindow().includes(request) ? 1 : 0]);
    }
    expect(bed.parked()).toEqual([]);
  });

  it("reprocesses every failed request inside its window when a later page is throttled past the time earlier pages' reprocesses used to fire", async () => {
    // 15 minutes: longer than a page's own time plus 10 minutes, inside the sweep's 30.
    await fire();
    await bed.host.deliverDue(); // the first pages, listed on time
    bed.graph.emulator.injectFault({ match: { operation: "listAssignmentRequests" }, fault: { kind: "throttle", retryAfterSeconds: 15 * 60 } });
    await bed.host.runUntilIdle();
    for (const request of insideWindow()) expect([request.id, bed.graph.emulator.requestReprocessCount(request.id)]).toEqual([request.id, 1]);
    const pages = bed.telemetry.healSweeps.filter((event): event is Extract<HealSweepEvent, { phase: "page" }> => event.phase === "page");
    expect(pages.filter((event) => event.lateList)).toEqual([]);
  });

  it("marks the throttled page, and the pages listed after it, as late lists", async () => {
    await fire();
    await bed.host.deliverDue(); // the first pages, listed on time
    bed.graph.emulator.injectFault({ match: { operation: "listAssignmentRequests" }, fault: { kind: "throttle", retryAfterSeconds: 45 * 60 } });
    await bed.host.runUntilIdle();
    const pages = bed.telemetry.healSweeps.filter((event): event is Extract<HealSweepEvent, { phase: "page" }> => event.phase === "page");
    expect(pages.filter((event) => event.lateList).map((event) => event.page)).toEqual([2, 3]);
  });

  it("reprocesses every delivered assignment of the configured package", async () => {
    await fire();
    await bed.host.runUntilIdle();
    for (const assignment of assignments) expect(bed.graph.emulator.reprocessCount(assignment.id)).toBe(1);
  });

  it("sends nothing twice when the timer fires again for the same slot, as a past-due rerun", async () => {
    await fire();
    const firstIds = bed.work().map((message) => message.messageId);
    await fire(true);
    expect(bed.work().map((message) => message.messageId)).toEqual(firstIds);
    expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBe(firstIds.length);
    await bed.host.runUntilIdle();
    for (const request of insideWindow()) expect(bed.graph.emulator.requestReprocessCount(request.id)).toBe(1);
  });

  it("sends nothing twice when a heal page is delivered twice", async () => {
    await fire();
    const [firstPage] = bed.peer.takeDue(bed.queue.queueName, serviceBus.clock.now());
    if (firstPage === undefined) throw new Error("expected the first page");
    await bed.host.invoke(firstPage);
    const afterFirst = bed.work().map((message) => message.messageId);
    await bed.host.invoke({ ...firstPage, deliveryCount: 2 });
    expect(bed.work().map((message) => message.messageId)).toEqual(afterFirst);
    expect(bed.peer.duplicatesDropped(bed.queue.queueName)).toBeGreaterThan(0);
  });

  it("reports the run, and per page how many requests it found, enqueued and skipped past the window", async () => {
    await fire();
    await bed.host.runUntilIdle();
    const events = bed.telemetry.healSweeps;
    expect(events[0]).toEqual({ phase: "started", sweepId, slot, slotSource: "scheduleStatus", isPastDue: false, enqueued: 3, accessPackages: 1 });
    const pages = events.filter((event): event is Extract<HealSweepEvent, { phase: "page" }> => event.phase === "page");
    for (const state of ["deliveryFailed", "partiallyDelivered"]) {
      const ofState = pages.filter((event) => event.state === state);
      const sum = (key: "found" | "enqueued" | "skippedPastWindow") => ofState.reduce((total, event) => total + event[key], 0);
      expect([state, sum("found"), sum("enqueued"), sum("skippedPastWindow")]).toEqual([state, 5, 3, 2]);
      expect(ofState.filter((event) => event.lastPage)).toHaveLength(1);
    }
  });

  it("logs the sweep id and slot it started", async () => {
    const logs = await fire();
    expect(logs).toContainEqual(expect.objectContaining({ level: "information", text: expect.stringMatching(new RegExp(`heal sweep started.*"sweepId":"${sweepId}".*"slotSource":"scheduleStatus"`)) as unknown }));
  });

  it("throws, so the host records a failed run, when Service Bus refuses the first messages", async () => {
    bed.peer.failNext({ operation: "send", queue: bed.queue.queueName, mode: "reject" });
    await expect(fire()).rejects.toMatchObject({ name: "QueueSendError" });
  });
});
