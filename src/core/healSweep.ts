import { firstExpandPage } from "../queue/batchMessages";
import { healPageMessageId } from "../queue/messageIds";
import { messagePropertyNames } from "../queue/messageProperties";
import { healStates, type HealPageMessage } from "../queue/queueMessage";
import type { OutgoingQueueMessage, QueueSender } from "../queue/queueSender";
import { childRequestId } from "../queue/requestId";
import { healCreatedOnOrAfter } from "./healCandidates";
import type { Telemetry } from "./telemetry";

/** The run a trigger starts: the slot it belongs to, where the slot came from, and whether it is late. */
export interface HealRun {
  /** The scheduled occurrence this run belongs to. */
  readonly slot: Date;
  /** How the adapter found the slot, for the started event (`invocationTime` when it had no schedule status). */
  readonly slotSource: "scheduleStatus" | "invocationTime";
  /** The host is running an occurrence it missed (a restart, a long outage). */
  readonly isPastDue: boolean;
}

const minuteMs = 60_000;

/**
 * The slot of a run that has no schedule to name it (the CLI's `heal --enqueue`, a timer without a
 * schedule status): the minute it starts, in UTC. The timer's slot is its scheduled occurrence to
 * the second, so the two name the same sweep only when the schedule's seconds field is 0.
 */
export function healSlotAtMinute(nowMs: number): Date {
  return new Date(Math.floor(nowMs / minuteMs) * minuteMs);
}

/** `heal-20261207T030000Z`: a request id (and so a message id prefix) unique to the slot. */
export function healSweepId(slot: Date): string {
  return `heal-${slot.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "")}`;
}

/**
 * How long after its slot a sweep's first reprocess may be enqueued: 30 minutes. A reprocessed
 * request leaves the state the sweep lists, and Graph pages by position, so no reprocess may run
 * while a page of the same sweep is still to be listed, or requests shift out of the list unseen.
 * Pages follow each other in seconds, but a throttled page waits on the queue's backoff: five
 * throttled attempts with the default 30 s doubling take about 15.5 minutes, twice that is still
 * well inside the morning, and a reprocess 30 minutes late costs a user nothing next to the day
 * the failure has waited. A page listed later than this says so (`lateList` on its event).
 */
export const healReprocessDelayMs = 30 * 60 * 1000;

/**
 * The sweep-wide time before which none of its reprocesses is enqueued. From the slot, so every
 * run of an on-time slot writes the same time; a run that starts minutes or hours after its slot
 * (a past-due rerun) counts from the minute it started instead, or its whole list would be late.
 */
export function healReprocessNotBefore(slot: Date, startedAtMs: number): Date {
  return new Date(Math.max(slot.getTime(), healSlotAtMinute(startedAtMs).getTime()) + healReprocessDelayMs);
}

export interface HealSweepSettings {
  /** How far back the list reaches on createdDateTime, in days. */
  readonly lookbackDays: number;
  /** Packages whose delivered assignments every run reprocesses (HEAL_ACCESS_PACKAGE_IDS). */
  readonly accessPackageIds: readonly string[];
}

/**
 * The messages one run sends: the first page of each state's list, and an expand per configured
 * access package. Everything derives from the slot (the creation bound too), so two runs for one
 * slot send byte-identical messages with identical ids, and duplicate detection keeps one.
 * `reprocessNotBefore` is the same on every page of the run (healReprocessNotBefore).
 */
export function healSweepMessages(slot: Date, reprocessNotBefore: Date, settings: HealSweepSettings): OutgoingQueueMessage[] {
  const sweepId = healSweepId(slot);
  const createdOnOrAfter = healCreatedOnOrAfter(slot.getTime(), settings.lookbackDays).toISOString();
  const pages: OutgoingQueueMessage[] = healStates.map((state) => ({
    messageId: healPageMessageId(sweepId, state, 1),
    body: { type: "healPage", state, createdOnOrAfter, reprocessNotBefore: reprocessNotBefore.toISOString() } satisfies HealPageMessage,
    applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: sweepId, [messagePropertyNames.page]: 1 },
  }));
  const expands = settings.accessPackageIds.map((accessPackageId) => firstExpandPage(childRequestId(sweepId, accessPackageId), { type: "expand", accessPackageId }));
  return [...pages, ...expands];
}

export interface HealSweepOptions {
  readonly sender: QueueSender;
  readonly queueName: string;
  readonly telemetry: Telemetry;
  readonly settings: HealSweepSettings;
  readonly abortSignal: AbortSignal;
  readonly now?: () => number;
}

export interface StartedHealSweep {
  readonly sweepId: string;
  readonly enqueued: number;
}

/**
 * Starts one run: sends its first messages and reports it; the pages do the rest on the queue, so
 * no invocation runs long and a crash resumes at the page it stopped on. A failed send throws
 * (QueueSendError): the host logs the failed run, and the next occurrence starts afresh.
 */
export async function startHealSweep(run: HealRun, options: HealSweepOptions): Promise<StartedHealSweep> {
  const { slot, slotSource, isPastDue } = run;
  const nowMs = (options.now ?? Date.now)();
  const sweepId = healSweepId(slot);
  const messages = healSweepMessages(slot, healReprocessNotBefore(slot, nowMs), options.settings);
  await options.sender.send(options.queueName, messages, { abortSignal: options.abortSignal });
  options.telemetry.trackHealSweep({
    phase: "started",
    sweepId,
    slot: slot.toISOString(),
    slotSource,
    isPastDue,
    enqueued: messages.length,
    accessPackages: options.settings.accessPackageIds.length,
  });
  return { sweepId, enqueued: messages.length };
}
