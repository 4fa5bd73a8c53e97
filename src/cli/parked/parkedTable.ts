import type { ParkedMessage } from "../../queue/parkedMessage";
import { formatTextTable } from "../commandOutput";

/** One row per parked message, with what an operator needs to decide and what support asks for. */
export function formatParkedTable(messages: readonly ParkedMessage[]): string {
  const rows = messages.map((parked) => [
    String(parked.sequenceNumber),
    parked.messageId,
    parked.reason ?? "-",
    parked.attempts === undefined ? "-" : String(parked.attempts),
    parked.lastStatus === undefined ? "-" : String(parked.lastStatus),
    parked.enqueuedTimeUtc ?? "-",
    parked.assignmentId ?? "-",
    parked.graphRequestId ?? "-",
    parked.clientRequestId ?? "-",
    parked.description ?? "",
  ]);
  return formatTextTable(["SEQ", "MESSAGE ID", "REASON", "ATTEMPTS", "STATUS", "ENQUEUED (UTC)", "ASSIGNMENT ID", "GRAPH REQUEST-ID", "CLIENT REQUEST-ID", "DESCRIPTION"], rows);
}

/** The JSON form: every field but the raw body and properties, which can be binary. */
export function parkedJson(parked: ParkedMessage): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parked).filter(([name]) => name !== "body" && name !== "applicationProperties"));
}
