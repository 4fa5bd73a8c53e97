import { messagePropertyNames } from "./messageProperties";
import type { ApplicationPropertyValue } from "./queueSender";

/**
 * Application properties worth carrying over to a copy of a message: the simple values, without
 * the attempt count (each copy sets its own) and without the names in `dropped`.
 */
export function carriedProperties(properties: Readonly<Record<string, unknown>>, dropped: ReadonlySet<string> = new Set()): Record<string, ApplicationPropertyValue> {
  const carried: Record<string, ApplicationPropertyValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === messagePropertyNames.attempt || name === "__proto__" || dropped.has(name)) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") carried[name] = value;
  }
  return carried;
}
