import { app, type TimerHandler } from "@azure/functions";
import { healSlotAtMinute, startHealSweep, type HealRun, type HealSweepSettings } from "../core/healSweep";
import type { Telemetry } from "../core/telemetry";
import { QueueNotConfiguredError } from "../queue/queueNotConfiguredError";
import type { QueueSender } from "../queue/queueSender";
import { withDeadline } from "../shared/withDeadline";
import { withInvocationTraceContext } from "../telemetry/withInvocationTraceContext";

/** The function's name: `AzureWebJobs.healSweep.Disabled=true` is the platform's switch for it. */
export const healSweepFunctionName = "healSweep";

/** Resolved by the host from the app setting; the function is registered only when it is set. */
export const healScheduleExpression = "%HEAL_SCHEDULE%";

/** A run only sends a handful of messages; a Service Bus that takes longer is failing. */
const sweepDeadlineMs = 60_000;

/**
 * What the timer trigger hands the handler, as far as the sweep reads it: the host's TimerInfo,
 * camel-cased by @azure/functions. `scheduleStatus` is absent when the host keeps no schedule
 * monitor (useMonitor false, or a schedule more frequent than a minute).
 */
export interface HealTimerInfo {
  readonly isPastDue: boolean;
  readonly scheduleStatus?: { readonly next?: string } | null;
}

/** An ISO time with no offset is the host's local time, which is UTC in Azure (WEBSITE_TIME_ZONE unset). */
function parseHostTime(text: string): number {
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  return Date.parse(withZone);
}

/**
 * The run a timer invocation belongs to. The host hands every invocation the schedule status it
 * stored *before* the run: `next` is the occurrence being run now, on time, and it is still the
 * same occurrence when the host runs it again as past due (a restart before the host saved the
 * run) or fires early by clock skew. `last` moves and the invocation time differs, so neither is
 * used. Without a schedule status, the invocation time to the minute is the best there is.
 */
export function healRunOf(timer: HealTimerInfo, nowMs: number): HealRun {
  const next = timer.scheduleStatus?.next;
  const nextMs = typeof next === "string" ? parseHostTime(next) : Number.NaN;
  // A year-1 value is the host's "never" (its DefaultDateTime): no slot in it.
  if (Number.isFinite(nextMs) && nextMs > 0) {
    return { slot: new Date(Math.floor(nextMs / 1000) * 1000), slotSource: "scheduleStatus", isPastDue: timer.isPastDue };
  }
  return { slot: healSlotAtMinute(nowMs), slotSource: "invocationTime", isPastDue: timer.isPastDue };
}

export interface HealSweepTimerDependencies {
  /** Undefined when Service Bus is not configured (the config refuses a schedule then). */
  readonly queueSender: QueueSender | undefined;
  readonly queueName: string;
  readonly telemetry: Telemetry;
  readonly settings: HealSweepSettings;
  readonly now?: () => number;
}

/** The timer trigger: starts one heal sweep run for the slot the host is running; a throw fails the run. */
export function createHealSweepTimerHandler(dependencies: HealSweepTimerDependencies): TimerHandler {
  const { queueSender, queueName, telemetry, settings, now } = dependencies;
  return async (timer, context) => {
    if (queueSender === undefined) {
      throw new QueueNotConfiguredError();
    }
    const clock = now ?? Date.now;
    const run = healRunOf(timer, clock());
    try {
      const started = await withDeadline(sweepDeadlineMs, ({ abortSignal }) => startHealSweep(run, { sender: queueSender, queueName, telemetry, settings, abortSignal, now: clock }));
      context.info("heal sweep started", { sweepId: started.sweepId, slot: run.slot.toISOString(), slotSource: run.slotSource, isPastDue: run.isPastDue, enqueued: started.enqueued });
    } catch (error) {
      context.error("heal sweep not started; the next occurrence starts afresh", { error: error instanceof Error ? `${error.name}: ${error.message}` : "unknown" });
      throw error;
    }
  };
}

export function registerHealSweepTimer(dependencies: HealSweepTimerDependencies): void {
  app.timer(healSweepFunctionName, {
    schedule: healScheduleExpression,
    // Past-due runs are what the slot logic is for; a run on every start-up would not be a slot.
    runOnStartup: false,
    useMonitor: true,
    handler: withInvocationTraceContext(createHealSweepTimerHandler(dependencies)),
  });
}
