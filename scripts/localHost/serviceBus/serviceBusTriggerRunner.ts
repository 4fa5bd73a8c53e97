import type { ServiceBusClient, ServiceBusReceivedMessage } from "@azure/service-bus";
import type { HostJsonSettings } from "../hostJson";
import { createHostInvocationContext, invocationLine, type LineWriter } from "../hostInvocation";
import type { ServedFunction } from "../servedFunction";
import { messageTriggerInput } from "./messageTriggerInput";
import { settlementAfter } from "./queueSettlement";
import { SettleOneAtATime } from "./settleOneAtATime";
import { triggerServiceBusClient } from "./triggerConnection";

type QueueFunction = Extract<ServedFunction, { kind: "serviceBusQueue" }>;

export interface ServiceBusTriggerRunnerOptions {
  readonly fn: QueueFunction;
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly serviceBus: HostJsonSettings["serviceBus"];
  readonly write: LineWriter;
}

export interface RunningServiceBusTrigger {
  /** Stops receiving, waits for invocations in flight (until `abortSignal`), closes the connection. */
  close(options: { readonly abortSignal: AbortSignal }): Promise<void>;
}

// A receive error repeats every retry while the namespace is down: say each distinct one once.
const errorRepeatQuietMs = 30_000;

/**
 * The Service Bus queue trigger: a peek-lock receiver on the resolved queue, at most
 * host.json's maxConcurrentCalls invocations at once, locks renewed up to its
 * maxAutoLockRenewalDuration, each message settled by its rule after the invocation.
 */
export function startServiceBusTrigger(options: ServiceBusTriggerRunnerOptions): RunningServiceBusTrigger {
  const { fn, settings, serviceBus, write } = options;
  const client: ServiceBusClient = triggerServiceBusClient(fn.connection, settings);
  const receiver = client.createReceiver(fn.queueName, { receiveMode: "peekLock", maxAutoLockRenewalDurationInMs: serviceBus.maxAutoLockRenewalDurationMs });
  // Concurrent settlements through one rhea session can swap outcomes (see SettleOneAtATime).
  const settlements = new SettleOneAtATime(receiver);
  const inFlight = new Set<Promise<void>>();
  const lastErrorAt = new Map<string, number>();

  async function settle(message: ServiceBusReceivedMessage, invocation: "returned" | "threw"): Promise<string> {
    const settlement = settlementAfter(invocation, serviceBus.autoCompleteMessages);
    try {
      if (settlement === "complete") await settlements.complete(message);
      if (settlement === "abandon") await settlements.abandon(message);
      return settlement === "complete" ? "completed" : settlement === "abandon" ? "abandoned (the broker delivers it again)" : "left locked for the function to settle";
    } catch (error) {
      return `${settlement} failed (${error instanceof Error ? error.message : String(error)}); the lock lapses and the message comes back`;
    }
  }

  async function invoke(message: ServiceBusReceivedMessage): Promise<void> {
    const started = performance.now();
    const { body, triggerMetadata } = messageTriggerInput(message);
    const context = createHostInvocationContext({ functionName: fn.name, trigger: { type: "serviceBusTrigger", name: fn.trigger.name ?? "message" }, triggerMetadata, write });
    let invocation: "returned" | "threw" = "returned";
    let failure = "";
    try {
      await fn.handler(body, context);
    } catch (error) {
      invocation = "threw";
      failure = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}; `;
    }
    const settled = await settle(message, invocation);
    const trigger = `message ${String(triggerMetadata.messageId)}, delivery ${String(triggerMetadata.deliveryCount)}`;
    write(invocationLine(fn.name, trigger, `${failure}${settled}`, performance.now() - started));
  }

  const subscription = receiver.subscribe(
    {
      processMessage: (message) => {
        const running = invoke(message);
        inFlight.add(running);
        return running.finally(() => inFlight.delete(running));
      },
      processError: (args) => {
        const text = `${args.error.name}: ${args.error.message}`;
        const now = Date.now();
        if (now - (lastErrorAt.get(text) ?? -Infinity) > errorRepeatQuietMs) write(`${fn.name}: Service Bus ${args.errorSource} error on queue '${fn.queueName}': ${text}`);
        lastErrorAt.set(text, now);
        return Promise.resolve();
      },
    },
    // Settled here, by the host's rule, not by the SDK's.
    { autoCompleteMessages: false, maxConcurrentCalls: serviceBus.maxConcurrentCalls },
  );

  return {
    close: async ({ abortSignal }) => {
      await subscription.close();
      const drained = Promise.all([...inFlight]);
      await Promise.race([drained, new Promise((resolve) => {
          abortSignal.addEventListener("abort", resolve, { once: true });
        })]);
      await receiver.close();
      await client.close();
    },
  };
}
