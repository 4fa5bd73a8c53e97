import { createCliRequestServices } from "../../cliServices";
import { healSlotAtMinute, healSweepId } from "../../core/healSweep";
import { isHealListError } from "../../core/healCandidates";
import { reprocessRequestMessages } from "../../queue/batchMessages";
import { messagePropertyNames } from "../../queue/messageProperties";
import { parseGuid } from "../../shared/guid";
import { UsageError, exitCode, printedHelp, type CliCommand, type CliContext } from "../cliCommand";
import { commonOptions, commonOptionsHelp, integerFlag, parseCommandArgs } from "../commandArgs";
import { finishCommand, formatTextTable } from "../commandOutput";
import { sendToQueue } from "../enqueue/enqueueCommand";
import { loadCliConfig } from "../loadCliConfig";
import { finishReprocessRun, poolFlags, poolOptions, reprocessThroughPool } from "../reprocessRun";
import { formatHealCsv, formatHealTable, healRow, healSummary, type HealRow } from "./healCandidateRows";

const options = {
  ...commonOptions,
  ...poolOptions,
  csv: { type: "boolean" },
  enqueue: { type: "boolean" },
  "since-days": { type: "string" },
  "access-package": { type: "string" },
} as const;

const help = `Usage: entra-reprocess heal --dry-run [--json | --csv] [options]
       entra-reprocess heal [options]
       entra-reprocess heal --enqueue [options]

Does now, from a terminal, what the scheduled heal sweep does: lists the assignment requests in
deliveryFailed and partiallyDelivered (created within HEAL_LOOKBACK_DAYS, default 60, as the sweep
lists them), checks each against Graph's 14-day reprocess window, and reprocesses the ones still
inside it.

Modes:
  --dry-run             List what a sweep would do now, change nothing: request id, state, access
                        package, target (the requestor's object id), completed, inside the window
                        or not, and the action (reprocess, or why not).
  (default)             Reprocess the inside-window requests through the paced pool, as
                        'reprocess-request' does, and print one result per request.
  --enqueue             Put one reprocessRequest message per inside-window request on the queue
                        (REPROCESS_QUEUE_NAME) instead, for the app to reprocess with its retries.
                        Message ids are {heal-<this minute, UTC>}:{request id}: a rerun within the
                        same minute sends nothing twice, nor does a timer sweep whose slot is that
                        minute when HEAL_SCHEDULE's seconds field is 0 (its ids carry the seconds).

Narrowing:
  --since-days <n>      Only reprocess requests completed within n days (1-14, default 14).
                        The dry run still lists the others, marked skipped.
  --access-package <id> Only requests for this access package.

Options:
  --json                JSON on stdout instead of the table (summary on stderr).
  --csv                 With --dry-run: CSV on stdout (the JSON field names as headings).
  --concurrency <n>     Requests in flight at once (1-32, default 4).
  --max-attempts <n>    Attempts per request while Graph throttles or is unavailable (1-20, default 5).
${commonOptionsHelp}

Exit codes: 0 done (every request accepted or enqueued; a dry run that listed); 1 some request
did not end accepted, the listing failed or Service Bus did not take the messages; 2 usage,
configuration or setup error (nothing retried, the fix printed); 130 interrupted.

Examples:
  entra-reprocess heal --dry-run
  entra-reprocess heal --dry-run --csv --access-package aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa > heal.csv
  entra-reprocess heal --since-days 3
  entra-reprocess heal --enqueue
`;

async function listRows(config: ReturnType<typeof loadCliConfig>, narrowing: { readonly sinceDays: number; readonly accessPackageId: string | undefined; readonly nowMs: number }, context: CliContext) {
  const services = createCliRequestServices(config);
  const rows: HealRow[] = [];
  const listed = services.listHealCandidates({
    nowMs: narrowing.nowMs,
    lookbackDays: config.heal.lookbackDays,
    abortSignal: context.abortSignal,
    ...(narrowing.accessPackageId === undefined ? {} : { accessPackageId: narrowing.accessPackageId }),
  });
  for await (const candidate of listed) rows.push(healRow(candidate, narrowing.nowMs, narrowing.sinceDays));
  return { services, rows };
}

export const healCommand: CliCommand = {
  name: "heal",
  summary: "List failed assignment requests still inside Graph's 14-day window, and reprocess or enqueue them",
  help,
  run: async (args, context) => {
    const parsed = parseCommandArgs(args, options);
    if (printedHelp(parsed, { help, noPositionals: "to reprocess given requests use 'reprocess-request <id...>'." }, context)) return exitCode.ok;
    const { values } = parsed;
    if (values.csv === true && values["dry-run"] !== true) {
      throw new UsageError("--csv goes with --dry-run (a listing); a reprocessing run prints its results as a table or --json.");
    }
    if (values.csv === true && values.json === true) {
      throw new UsageError("choose one of --json and --csv.");
    }
    const sinceDays = integerFlag("since-days", values["since-days"], { defaultValue: 14, min: 1, max: 14 });
    const accessPackage = values["access-package"] === undefined ? undefined : parseGuid(values["access-package"].trim(), "--access-package value");
    if (accessPackage?.ok === false) {
      throw new UsageError(accessPackage.reason);
    }
    const pool = poolFlags(values);
    const config = loadCliConfig(context.env, { cloud: values.cloud, defaultInlineRetryBudgetMs: 0 });
    const nowMs = Date.now();

    let listed: Awaited<ReturnType<typeof listRows>>;
    try {
      listed = await listRows(config, { sinceDays, accessPackageId: accessPackage?.id, nowMs }, context);
    } catch (error) {
      if (!isHealListError(error)) throw error;
      context.stderr.write(`heal: ${error.message} Nothing was reprocessed; run it again later.\n`);
      return exitCode.someFailed;
    }
    const { services, rows } = listed;
    const selected = rows.filter((row) => row.action === "reprocess");
    const summary = healSummary(rows, sinceDays);

    if (values["dry-run"] === true) {
      if (values.csv === true) {
        context.stdout.write(formatHealCsv(rows));
        context.stderr.write(summary);
        return exitCode.ok;
      }
      return finishCommand(context, { json: values.json === true, document: () => rows, table: () => formatHealTable(rows), summary, succeeded: true });
    }
    context.stderr.write(summary);

    if (values.enqueue === true) {
      // A sweep id for this minute: reruns within it share message ids (and a timer sweep whose
      // slot is this minute's second 0, which is every slot when HEAL_SCHEDULE's seconds field is 0).
      const requestId = healSweepId(healSlotAtMinute(nowMs));
      const messages = reprocessRequestMessages(requestId, selected.map((row) => row.id), { extraProperties: { [messagePropertyNames.origin]: "heal" } });
      const queue = config.queue.queueName;
      const report = messages.length === 0 ? { sent: 0 } : await sendToQueue(config, queue, messages, context);
      const failure = "error" in report ? `Service Bus did not take them all: ${report.error}\nRun heal --enqueue again within the minute, or later: messages already sent are not sent twice within the minute.\n` : undefined;
      return finishCommand(context, {
        json: values.json === true,
        document: () => ({ requestId, queue, messages, sent: report.sent }),
        table: () => (messages.length === 0 ? "" : formatTextTable(["RESULT", "MESSAGE ID", "REQUEST ID"], messages.map((message, index) => [index < report.sent ? "enqueued" : "notSent", message.messageId, selected[index]?.id ?? "-"]))),
        summary: `Request ${requestId}: ${report.sent} of ${messages.length} message${messages.length === 1 ? "" : "s"} sent to ${queue}.\n`,
        failure,
        succeeded: failure === undefined,
        interrupted: failure !== undefined && context.abortSignal.aborted,
      });
    }

    const results = await reprocessThroughPool(
      selected.map((row) => ({ value: row.id, source: "heal" })),
      (rawId, abortSignal) => services.reprocessor.reprocess(rawId, { abortSignal }),
      { ...pool, label: "heal" },
      context,
    );
    return finishReprocessRun(results, { json: values.json === true, idHeading: "REQUEST ID" }, context);
  },
};
