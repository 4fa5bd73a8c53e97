/** What the host does with a peek-locked message once its invocation ended. */
export type QueueSettlement = "complete" | "abandon" | "leaveLocked";

/**
 * The Service Bus extension's rule, from host.json's autoCompleteMessages: a throw always
 * abandons (the broker delivers the message again with its delivery count + 1, and dead-letters
 * it past the queue's max delivery count); a return completes it when autoCompleteMessages is
 * true, and otherwise leaves it to the function, which must settle it itself (if it does not, the
 * lock lapses once renewal stops and the message comes back).
 */
export function settlementAfter(invocation: "returned" | "threw", autoCompleteMessages: boolean): QueueSettlement {
  if (invocation === "threw") return "abandon";
  return autoCompleteMessages ? "complete" : "leaveLocked";
}
