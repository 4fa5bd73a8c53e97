import type { InvocationContext } from "@azure/functions";
import { resolveAppSettingExpression } from "./appSettingExpression";
import type { CapturedBinding, CapturedFunction } from "./capturedRegistrations";
import { parseTimerSchedule, type TimerSchedule } from "./timer/timerSchedule";

type Handler = (trigger: unknown, context: InvocationContext) => unknown;

/** A registered function as the local host will serve it, its binding expressions resolved. */
export type ServedFunction =
  | { readonly kind: "http"; readonly name: string; readonly route: string | undefined; readonly methods: readonly string[] | undefined; readonly authLevel: string; readonly handler: Handler }
  | { readonly kind: "serviceBusQueue"; readonly name: string; readonly queueName: string; readonly connection: string; readonly trigger: CapturedBinding; readonly handler: Handler }
  | { readonly kind: "timer"; readonly name: string; readonly schedule: TimerSchedule; readonly runOnStartup: boolean; readonly adjustForDST: boolean; readonly trigger: CapturedBinding; readonly handler: Handler }
  /** Registered, but not served here: said at start, as the host reports a function that failed to index. */
  | { readonly kind: "notServed"; readonly name: string; readonly reason: string };

function stringProperty(binding: CapturedBinding, property: string): string | undefined {
  const value = binding[property];
  return typeof value === "string" ? value : undefined;
}

function serve(captured: CapturedFunction, settings: Readonly<Record<string, string | undefined>>): ServedFunction {
  const { name, bindings } = captured.metadata;
  const all = Object.entries(bindings);
  const trigger = all.find(([, binding]) => binding.direction === "in" && /trigger$/i.test(binding.type))?.[1];
  if (trigger === undefined) return { kind: "notServed", name, reason: "it has no trigger binding" };
  const others = all.filter(([, binding]) => binding !== trigger);
  const type = trigger.type.toLowerCase();
  // The HTTP trigger's response is its $return http binding; any other binding needs an extension the local host does not have.
  const extra = others.filter(([key, binding]) => !(type === "httptrigger" && key === "$return" && binding.type.toLowerCase() === "http"));
  if (extra.length > 0) return { kind: "notServed", name, reason: `the local host has no ${extra.map(([, binding]) => binding.type).join(", ")} input or output bindings` };
  const resolve = (value: string): string => resolveAppSettingExpression(value, settings);
  switch (type) {
    case "httptrigger": {
      const route = stringProperty(trigger, "route");
      const methods = Array.isArray(trigger.methods) ? trigger.methods.map((method) => String(method).toUpperCase()) : undefined;
      return { kind: "http", name, route: route === undefined ? undefined : resolve(route), methods, authLevel: stringProperty(trigger, "authLevel") ?? "function", handler: captured.handler };
    }
    case "servicebustrigger": {
      if (stringProperty(trigger, "topicName") !== undefined) return { kind: "notServed", name, reason: "the local host serves Service Bus queues, not topic subscriptions" };
      if (trigger.isSessionsEnabled === true) return { kind: "notServed", name, reason: "the local host does not serve session-enabled queues" };
      if (stringProperty(trigger, "cardinality")?.toLowerCase() === "many") return { kind: "notServed", name, reason: "the local host delivers one message per invocation (cardinality 'one')" };
      const queueName = stringProperty(trigger, "queueName");
      if (queueName === undefined) return { kind: "notServed", name, reason: "its trigger names no queueName" };
      return { kind: "serviceBusQueue", name, queueName: resolve(queueName), connection: resolve(stringProperty(trigger, "connection") ?? "AzureWebJobsServiceBus"), trigger, handler: captured.handler };
    }
    case "timertrigger": {
      const schedule = stringProperty(trigger, "schedule");
      if (schedule === undefined) return { kind: "notServed", name, reason: "its trigger has no schedule" };
      return {
        kind: "timer",
        name,
        schedule: parseTimerSchedule(resolve(schedule), name),
        runOnStartup: trigger.runOnStartup === true,
        adjustForDST: trigger.adjustForDST !== false,
        trigger,
        handler: captured.handler,
      };
    }
    default:
      return { kind: "notServed", name, reason: `the local host has no ${trigger.type} trigger (it serves http, Service Bus queue and timer triggers)` };
  }
}

/**
 * Every captured function, generically by its trigger binding (never by name). A binding
 * expression that does not resolve, or a schedule that does not parse, stops that function only:
 * the host disables a function it cannot index and starts the rest.
 */
export function servedFunctions(captured: readonly CapturedFunction[], settings: Readonly<Record<string, string | undefined>>): ServedFunction[] {
  return captured.map((one) => {
    try {
      return serve(one, settings);
    } catch (error) {
      return { kind: "notServed", name: one.metadata.name, reason: error instanceof Error ? error.message : String(error) };
    }
  });
}
