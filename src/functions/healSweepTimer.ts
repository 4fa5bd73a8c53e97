import { app, type TimerHandler } from "@azure/functions";
import { startHealSweep, type HealSweepSettings } from "../core/healSweep";
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
    const options = now === undefined ? { sender: queueSender, queueName, telemetry, settings } : { sender: queueSender, queueName, telemetry, settings, now };
    try {
      const started = await withDeadline(sweepDeadlineMs, ({ abortSignal }) => startHealSweep(timer, options, { abortSignal }));
      context.info("heal sweep started", { sweepId: started.sweepId, slot: started.slot.toISOString(), slotSource: started.source, isPastDue: timer.isPastDue, enqueued: started.enqueued });
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
