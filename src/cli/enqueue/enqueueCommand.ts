import { openCliServiceBus } from "../../cliServices";
import type { AppConfig } from "../../config/appConfig";
import { parseAssignmentId } from "../../shared/guid";
import { withDeadline } from "../../shared/withDeadline";
import { batchMessages } from "../../queue/batchMessages";
import { parseBatchRequest, type BatchRequest } from "../../queue/batchRequest";
import { isQueueSendError } from "../../queue/queueSendError";
import type { OutgoingQueueMessage } from "../../queue/queueSender";
import { requestIdFromIdempotencyKey } from "../../queue/requestId";
import { UsageError, exitCode, printedHelp, type CliCommand, type CliContext } from "../cliCommand";
import { commonOptions, commonOptionsHelp, parseCommandArgs } from "../commandArgs";
import { finishCommand, formatTextTable } from "../commandOutput";
import { loadCliConfig } from "../loadCliConfig";
import { dedupeEntries, readReprocessEntries, type ReprocessEntry } from "../reprocessEntries";

const options = {
  ...commonOptions,
  file: { type: "string", short: "f", multiple: true },
  "access-package": { type: "string" },
  target: { type: "string" },
  "request-id": { type: "string" },
} as const;

/** Matches the batch endpoint's bound on one send: a slow namespace fails, it does not hang. */
const sendDeadlineMs = 60_000;

const help = `Usage: entra-reprocess enqueue [options] <id...>
       entra-reprocess enqueue [options] --file <ids.txt|ids.csv>
       entra-reprocess enqueue [options] --access-package <id> [--target <objectId>]

Puts work on the reprocess queue (REPROCESS_QUEUE_NAME, default "reprocess") exactly as the
batch endpoint POST /api/reprocess does: the same bodies, application properties and message ids
({requestId}:{assignmentId}; a filter: one expand message {requestId}:page:1). The queue then
reprocesses them with its retries and parking. Nothing calls Graph here.

Ids:
  <id...>                 Assignment ids (GUIDs).
  -f, --file <path>       Read ids from a file ("-" for stdin); may be repeated. Same format as
                          'reprocess --file': one per line, or the CSV column "id"/"assignmentId".
Or a filter (every delivered assignment matching it, expanded page by page on the queue):
  --access-package <id>   Access package id.
  --target <objectId>     Object id of the assignment's target (user or service principal).

Options:
  --request-id <id>       The request id the message ids derive from (1-64 of A-Z a-z 0-9 . _ -,
                          as an Idempotency-Key); default a new GUID. Run again with the same
                          one and duplicate detection drops what was already sent.
  --json                  One JSON object on stdout: requestId, queue, messages, rejected.
  --dry-run               Print the messages that would be sent; send nothing, connect nowhere.
${commonOptionsHelp}

Settings: ServiceBusConnection (a connection string) or ServiceBusConnection__fullyQualifiedNamespace
(signs in with the command's credential: az login outside Azure), REPROCESS_QUEUE_NAME.

Exit codes: 0 every message sent (dry run: every id valid); 1 some id rejected (invalid or
repeated; the valid ones are still sent) or Service Bus did not take the messages; 2 usage,
configuration or credential error (nothing sent); 130 interrupted by Ctrl+C.

Examples:
  entra-reprocess enqueue --file ids.csv --request-id drift-fix-2026-11-28
  entra-reprocess enqueue --access-package aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa --dry-run
`;

interface RejectedEntry {
  readonly id: string;
  readonly source: string;
  readonly reason: "invalidId" | "duplicate";
  readonly message: string;
}

interface EnqueueReport {
  readonly requestId: string;
  readonly queue: string;
  readonly dryRun: boolean;
  readonly messages: readonly OutgoingQueueMessage[];
  readonly rejected: readonly RejectedEntry[];
  /** Messages Service Bus took; less than messages.length only when the send failed. */
  readonly sent: number;
  readonly error?: string;
}

/** Ids are validated with the batch endpoint's own id check; a repeat is reported, not sent twice. */
function idsRequest(entries: readonly ReprocessEntry[]): { request: BatchRequest; rejected: RejectedEntry[] } {
  const { entries: unique, duplicates } = dedupeEntries(entries);
  const rejected: RejectedEntry[] = duplicates.map((entry) => ({ id: entry.value, source: entry.source, reason: "duplicate", message: "Already listed earlier; sent once." }));
  const assignmentIds: string[] = [];
  for (const entry of unique) {
    const parsed = parseAssignmentId(entry.value);
    if (parsed.ok) {
      assignmentIds.push(parsed.id);
    } else {
      rejected.push({ id: entry.value, source: entry.source, reason: "invalidId", message: parsed.reason });
    }
  }
  return { request: { kind: "ids", assignmentIds, rejected: [] }, rejected };
}

function filterRequest(accessPackageId: string | undefined, targetObjectId: string | undefined): BatchRequest {
  const parsed = parseBatchRequest({ accessPackageId, targetObjectId });
  if (!parsed.ok) {
    // The endpoint's message names its JSON keys; name the flags instead.
    throw new UsageError(parsed.message.replace("accessPackageId", "--access-package").replace("targetObjectId", "--target"));
  }
  return parsed.request;
}

function formatReport(report: EnqueueReport): string {
  const status = report.dryRun ? "wouldSend" : "enqueued";
  const rows = [
    ...report.messages.map((message, index) => [
      index < report.sent || report.dryRun ? status : "notSent",
      message.messageId,
      JSON.stringify(message.applicationProperties),
      JSON.stringify(message.body),
    ]),
    ...report.rejected.map((entry) => [entry.reason, "-", entry.source, `${JSON.stringify(entry.id)}: ${entry.message}`]),
  ];
  return formatTextTable(["RESULT", "MESSAGE ID", "PROPERTIES / SOURCE", "BODY / DETAIL"], rows);
}

function summary(report: EnqueueReport): string {
  const verb = report.dryRun ? "would be sent" : "sent";
  const rejected = report.rejected.length === 0 ? "" : `, ${report.rejected.length} rejected`;
  const failed = report.error === undefined ? "" : `\nService Bus did not take them all: ${report.error}\nRun again with --request-id ${report.requestId}: messages already sent are not sent twice.`;
  return `Request ${report.requestId}: ${report.dryRun ? report.messages.length : report.sent} of ${report.messages.length} message${report.messages.length === 1 ? "" : "s"} ${verb} to ${report.queue}${rejected}.${failed}\n`;
}

export interface QueueSendReport {
  /** Messages Service Bus took; less than all of them only when the send failed. */
  readonly sent: number;
  readonly error?: string;
}

/**
 * Sends with the app's sender, bounded like the batch endpoint's send. A send Service Bus refused
 * is a report (the ids make a rerun safe); a broken setup still throws, for runCli to report.
 */
export async function sendToQueue(config: AppConfig, queueName: string, messages: readonly OutgoingQueueMessage[], context: CliContext): Promise<QueueSendReport> {
  const bus = openCliServiceBus(config);
  try {
    await withDeadline(sendDeadlineMs, ({ abortSignal }) => bus.sender.send(queueName, messages, { abortSignal }), { abortSignal: context.abortSignal });
    return { sent: messages.length };
  } catch (error) {
    if (!isQueueSendError(error)) throw error;
    return { sent: error.sentCount, error: error.message };
  } finally {
    await bus.close();
  }
}

async function send(report: EnqueueReport, context: CliContext, config: AppConfig): Promise<EnqueueReport> {
  return { ...report, ...(await sendToQueue(config, report.queue, report.messages, context)) };
}

export const enqueueCommand: CliCommand = {
  name: "enqueue",
  summary: "Send assignment ids (or an access package / target filter) to the reprocess queue",
  help,
  run: async (args, context) => {
    const parsed = parseCommandArgs(args, options);
    if (printedHelp(parsed, { help }, context)) return exitCode.ok;
    const { values, positionals } = parsed;
    const key = requestIdFromIdempotencyKey(values["request-id"] ?? null);
    if (!key.ok) {
      throw new UsageError(`--request-id ${JSON.stringify(values["request-id"])} must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'.`);
    }
    const hasFilter = values["access-package"] !== undefined || values.target !== undefined;
    const read = await readReprocessEntries(positionals, values.file ?? [], context);
    if (hasFilter && read.entries.length > 0) {
      throw new UsageError("give either assignment ids (arguments or --file) or a filter (--access-package, --target), not both.");
    }
    if (!hasFilter && read.entries.length === 0) {
      throw new UsageError("nothing to enqueue: pass assignment ids as arguments or with --file, or --access-package and/or --target.");
    }
    const config = loadCliConfig(context.env, { cloud: values.cloud });
    for (const note of read.notes) context.stderr.write(`${note}\n`);
    const { request, rejected } = hasFilter ? { request: filterRequest(values["access-package"], values.target), rejected: [] } : idsRequest(read.entries);
    const dryRun = values["dry-run"] === true;
    const messages = batchMessages(key.requestId, request);
    const planned: EnqueueReport = { requestId: key.requestId, queue: config.queue.queueName, dryRun, messages, rejected, sent: 0 };
    const report = dryRun || messages.length === 0 ? planned : await send(planned, context, config);

    return finishCommand(context, {
      json: values.json === true,
      document: () => report,
      table: () => formatReport(report),
      summary: summary(report),
      succeeded: report.error === undefined && rejected.length === 0,
      interrupted: report.error !== undefined && context.abortSignal.aborted,
    });
  },
};
