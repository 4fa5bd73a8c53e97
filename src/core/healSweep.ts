import { firstExpandPage } from "../queue/batchMessages";
import { healPageMessageId } from "../queue/messageIds";
import { messagePropertyNames } from "../queue/messageProperties";
import { healStates, type HealPageMessage } from "../queue/queueMessage";
import type { OutgoingQueueMessage, QueueSender } from "../queue/queueSender";
import { childRequestId } from "../queue/requestId";
import { healCreatedOnOrAfter } from "./healCandidates";
import type { Telemetry } from "./telemetry";

/**
 * What the timer trigger hands the handler, as far as the sweep reads it: the host's TimerInfo,
 * camel-cased by @azure/functions. `scheduleStatus` is absent when the host keeps no schedule
 * monitor (useMonitor false, or a schedule more frequent than a minute).
 */
export interface HealTimerInfo {
  readonly isPastDue: boolean;
  readonly scheduleStatus?: { readonly next?: string } | null;
}

export interface HealSlot {
  /** The scheduled occurrence this run belongs to. */
  readonly slot: Date;
  readonly source: "scheduleStatus" | "invocationTime";
}

const minuteMs = 60_000;

/** An ISO time with no offset is the host's local time, which is UTC in Azure (WEBSITE_TIME_ZONE unset). */
function parseHostTime(text: string): number {
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  return Date.parse(withZone);
}

/**
 * The slot a timer run belongs to. The host hands every invocation the schedule status it stored
 * *before* the run: `next` is the occurrence being run now, on time, and it is still the same
 * occurrence when the host runs it again as past due (a restart before the host saved the run)
 * or fires early by clock skew. `last` moves and the invocation time differs, so neither is used.
 * Without a schedule status, the invocation time to the minute is the best there is.
 */
export function healSlotOf(timer: HealTimerInfo, nowMs: number): HealSlot {
  const next = timer.scheduleStatus?.next;
  const nextMs = typeof next === "string" ? parseHostTime(next) : Number.NaN;
  // A year-1 value is the host's "never" (its DefaultDateTime): no slot in it.
  if (Number.isFinite(nextMs) && nextMs > 0) {
    return { slot: new Date(Math.floor(nextMs / 1000) * 1000), source: "scheduleStatus" };
  }
  return { slot: new Date(Math.floor(nowMs / minuteMs) * minuteMs), source: "invocationTime" };
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
  const startedMinuteMs = Math.floor(startedAtMs / minuteMs) * minuteMs;
  return new Date(Math.max(slot.getTime(), startedMinuteMs) + healReprocessDelayMs);
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
  readonly now?: () => number;
}

export interface StartHealSweepOptions {
  readonly abortSignal: AbortSignal;
}

export interface StartedHealSweep extends HealSlot {
  readonly sweepId: string;
  readonly enqueued: number;
}

/**
 * Starts one run: sends its first messages and reports it; the pages do the rest on the queue, so
 * no invocation runs long and a crash resumes at the page it stopped on. A failed send throws
 * (QueueSendError): the host logs the failed run, and the next occurrence starts afresh.
 */
export async function startHealSweep(timer: HealTimerInfo, options: HealSweepOptions, startOptions: StartHealSweepOptions): Promise<StartedHealSweep> {
  const nowMs = (options.now ?? Date.now)();
  const { slot, source } = healSlotOf(timer, nowMs);
  const sweepId = healSweepId(slot);
  const messages = healSweepMessages(slot, healReprocessNotBefore(slot, nowMs), options.settings);
  await options.sender.send(options.queueName, messages, { abortSignal: startOptions.abortSignal });
  options.telemetry.trackHealSweep({
    phase: "started",
    sweepId,
    slot: slot.toISOString(),
    slotSource: source,
    isPastDue: timer.isPastDue,
    enqueued: messages.length,
    accessPackages: options.settings.accessPackageIds.length,
  });
  return { sweepId, slot, source, enqueued: messages.length };
}
