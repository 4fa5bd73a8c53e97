import { openCliServiceBus } from "../../cliServices";
import { exitCode, printedHelp, type CliContext } from "../cliCommand";
import { commonOptionsHelp, integerFlag, parseCommandArgs } from "../commandArgs";
import { finishCommand, formatTextTable } from "../commandOutput";
import { loadCliConfig } from "../loadCliConfig";
import { defaultParkedMax, maxParkedMax, parkedOptions, parkedOptionsHelp, peekParked } from "./parkedSelection";
import { plannedReplay, replayParked, type ReplayResult } from "./replayParked";

/** Long enough for a busy namespace to deliver a listed message; a listed message not seen by then is reported "gone". */
const receiveWaitMs = 5_000;

export const parkedReplayHelp = `Usage: entra-reprocess parked replay [--reason <reason>] [--max <n>] [--dry-run] [--json]

Moves parked messages back to the work queue with a fresh attempt count, oldest first. Fix the
cause first (see docs/queue.md, "Inspecting and replaying parked messages").

The messages to move are chosen by peeking (nothing locked or counted). Each is then received,
sent to REPROCESS_QUEUE_NAME as a copy (same body and properties, attempt 1, the parking
properties dropped, replayedFrom = the parked id) with the message id
{originalMessageId}:replay:{parkedSequenceNumber}, and only then removed from the parked queue.
Nothing is lost if interrupted: a message whose copy was not sent stays parked, and one whose copy
was sent but which was not removed gets the same id on the next replay, which duplicate detection
drops. Parked messages received on the way that do not match --reason are put back (abandoned):
that counts one delivery against each (the parked queue dead-letters at 10).

Options:
${parkedOptionsHelp}
  --dry-run             List what would move and the ids the copies would get; change nothing.
  --json                A JSON array of results on stdout instead of the table.
${commonOptionsHelp}

Exit codes: 0 every listed message moved (or, dry run, listed); 1 some message not moved (the
table says why; it is still parked unless marked sentNotRemoved); 2 usage, configuration or
credential error; 130 interrupted by Ctrl+C (what moved is reported, the rest is still parked).

Examples:
  entra-reprocess parked replay --reason forbidden --dry-run
  entra-reprocess parked replay --reason attemptsExhausted --max 200
`;

function formatReplayTable(results: readonly ReplayResult[]): string {
  return formatTextTable(
    ["SEQ", "OUTCOME", "PARKED MESSAGE ID", "REPLAY MESSAGE ID", "REASON", "ASSIGNMENT ID", "DETAIL"],
    results.map((result) => [String(result.sequenceNumber), result.outcome, result.parkedMessageId, result.replayMessageId, result.reason ?? "-", result.assignmentId ?? "-", result.detail]),
  );
}

function summary(results: readonly ReplayResult[], queueName: string): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
  return `${results.length} parked message${results.length === 1 ? "" : "s"} from ${queueName}${parts === "" ? "" : `: ${parts}`}.\n`;
}

export async function runParkedReplay(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseCommandArgs(args, parkedOptions);
  if (printedHelp(parsed, { help: parkedReplayHelp, noPositionals: "" }, context)) return exitCode.ok;
  const { values } = parsed;
  const max = integerFlag("max", values.max, { defaultValue: defaultParkedMax, min: 1, max: maxParkedMax });
  const config = loadCliConfig(context.env, { cloud: values.cloud });
  const bus = openCliServiceBus(config);
  let results: ReplayResult[];
  let more: boolean;
  try {
    const receiver = bus.client.createReceiver(config.queue.parkedQueueName, { receiveMode: "peekLock" });
    try {
      const peeked = await peekParked(receiver, { reason: values.reason, max, abortSignal: context.abortSignal });
      more = peeked.more;
      results =
        values["dry-run"] === true
          ? plannedReplay(peeked.selected)
          : await replayParked(receiver, peeked.selected, { sender: bus.sender, workQueueName: config.queue.queueName, receiveWaitMs, abortSignal: context.abortSignal });
    } finally {
      await receiver.close();
    }
  } finally {
    await bus.close();
  }
  const rest = more ? `More are parked beyond --max ${max}; run it again.\n` : "";
  return finishCommand(context, {
    json: values.json === true,
    document: () => results,
    table: () => formatReplayTable(results),
    summary: `${summary(results, config.queue.parkedQueueName)}${rest}`,
    succeeded: results.every((result) => result.outcome === "replayed" || result.outcome === "wouldReplay"),
    interrupted: results.some((result) => result.outcome === "cancelled"),
  });
}
