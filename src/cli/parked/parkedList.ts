import { openCliServiceBus } from "../../cliServices";
import type { ParkedMessage } from "../../queue/parkedMessage";
import { UsageError, exitCode, printedHelp, type CliContext } from "../cliCommand";
import { commonOptionsHelp, integerFlag, parseCommandArgs } from "../commandArgs";
import { finishCommand, formatTextTable } from "../commandOutput";
import { loadCliConfig } from "../loadCliConfig";
import { defaultParkedMax, maxParkedMax, parkedOptions, parkedOptionsHelp, peekParked } from "./parkedSelection";

export const parkedListHelp = `Usage: entra-reprocess parked list [--reason <reason>] [--max <n>] [--json]

Shows the messages in the parked queue (REPROCESS_PARKED_QUEUE_NAME, default
"reprocess-parked"), oldest first, without changing anything: they are peeked, not received, so
no lock is taken and no delivery counted. One row each: sequence number, message id, reason,
attempts, Graph's last status, when it was parked, the assignment id, Graph's request-id and our
client-request-id (what Microsoft support asks for), and the description.

Options:
${parkedOptionsHelp}
  --json                A JSON array on stdout instead of the table.
${commonOptionsHelp}

Exit codes: 0 listed (even none); 2 usage, configuration or credential error.
`;

/** One row per parked message, with what an operator needs to decide and what support asks for. */
function formatParkedTable(messages: readonly ParkedMessage[]): string {
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
function parkedJson(parked: ParkedMessage): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parked).filter(([name]) => name !== "body" && name !== "applicationProperties"));
}

export async function runParkedList(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseCommandArgs(args, parkedOptions);
  if (printedHelp(parsed, { help: parkedListHelp, noPositionals: "" }, context)) return exitCode.ok;
  const { values } = parsed;
  if (values["dry-run"] === true) throw new UsageError("--dry-run does not apply: parked list never changes anything.");
  const max = integerFlag("max", values.max, { defaultValue: defaultParkedMax, min: 1, max: maxParkedMax });
  const config = loadCliConfig(context.env, { cloud: values.cloud });
  const bus = openCliServiceBus(config);
  try {
    const receiver = bus.client.createReceiver(config.queue.parkedQueueName);
    const { selected, more } = await peekParked(receiver, { reason: values.reason, max, abortSignal: context.abortSignal });
    await receiver.close();
    const filter = values.reason === undefined ? "" : ` with reason ${values.reason}`;
    const rest = more ? ` (the first ${max}; more are parked: raise --max)` : "";
    return finishCommand(context, {
      json: values.json === true,
      document: () => selected.map(parkedJson),
      table: () => formatParkedTable(selected),
      summary: `${selected.length} parked message${selected.length === 1 ? "" : "s"}${filter} in ${config.queue.parkedQueueName}${rest}.\n`,
      succeeded: true,
    });
  } finally {
    await bus.close();
  }
}
