import { createCliReprocessor } from "../../cliServices";
import { parseAssignmentId } from "../../shared/guid";
import { isTransientOutcome, type ReprocessOutcome } from "../../core/reprocessOutcome";
import type { AppConfig } from "../../config/appConfig";
import { UsageError, exitCode, type CliCommand, type CliContext } from "../cliCommand";
import { commonOptions, commonOptionsHelp, integerFlag, parseCommandArgs } from "../commandArgs";
import { ProgressBar, finishCommand } from "../commandOutput";
import { loadCliConfig } from "../loadCliConfig";
import { runPacedPool, type TaskAttempt } from "../pacedPool";
import { dedupeEntries, readReprocessEntries, type ReprocessEntry } from "../reprocessEntries";
import { cancelledItemResult, formatResultTable, formatSummary, itemResultFromOutcome, type ReprocessItemResult } from "./reprocessItemResult";

const options = {
  ...commonOptions,
  file: { type: "string", short: "f", multiple: true },
  concurrency: { type: "string" },
  "max-attempts": { type: "string" },
  "check-state": { type: "boolean" },
} as const;

/** Without a Retry-After, retries wait 1 s, 2 s, 4 s ... up to 30 s (with jitter). */
const poolBackoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };
const assignmentsPath = "/v1.0/identityGovernance/entitlementManagement/assignments";

const help = `Usage: entra-reprocess reprocess [options] <id...>
       entra-reprocess reprocess [options] --file <ids.txt|ids.csv>

Asks Microsoft Graph to reprocess each access package assignment, through the same core as the
webhook (id check, state check, reprocess), and prints one result per id.

Ids:
  <id...>               Assignment ids (GUIDs).
  -f, --file <path>     Read ids from a file ("-" for stdin); may be repeated. One id per line,
                        or CSV: the column headed "id" or "assignmentId" if there is one, else
                        the first column. Blank lines and lines starting with # are skipped; a
                        BOM, CRLF and quoted fields are fine. A repeated id is reprocessed once.

Options:
  --concurrency <n>     Ids in flight at once (1-32, default 4).
  --max-attempts <n>    Attempts per id while Graph throttles (429) or is unavailable (5xx,
                        network) (1-20, default 5). Between attempts the whole pool pauses for
                        the Retry-After Graph gave, or 1 s doubling up to 30 s without one.
  --no-check-state      Skip the GET ...?$select=id,state before each reprocess (default: check,
                        unless REPROCESS_CHECK_STATE=false).
  --json                A JSON array of results on stdout instead of the table.
  --dry-run             Validate the ids and show the calls that would be made. No Graph call,
                        no token.
${commonOptionsHelp}

Output: a table on stdout (assignment id, outcome, attempts, Graph request-id, detail) and a
summary line. Progress on stderr: a bar on a terminal, else one "done/total" line every 5 s.

Exit codes: 0 every id accepted (dry run: every id valid); 1 some id did not end accepted;
2 usage, configuration or credential error (nothing attempted); 130 interrupted by Ctrl+C (the
results so far are printed, the rest marked cancelled).

Examples:
  entra-reprocess reprocess d82eb508-acc4-43cc-bcf1-7c1c4a2c073b
  entra-reprocess reprocess --file ids.csv --concurrency 8 --json > results.json
  entra-reprocess reprocess --cloud USGov --dry-run --file ids.txt
`;

export const reprocessCommand: CliCommand = {
  name: "reprocess",
  summary: "Reprocess assignments by id (arguments or --file), directly against Graph",
  help,
  run: async (args, context) => {
    const { values, positionals } = parseCommandArgs(args, options);
    if (values.help === true) {
      context.stdout.write(help);
      return exitCode.ok;
    }
    const concurrency = integerFlag("concurrency", values.concurrency, { defaultValue: 4, min: 1, max: 32 });
    const maxAttempts = integerFlag("max-attempts", values["max-attempts"], { defaultValue: 5, min: 1, max: 20 });
    const read = await readReprocessEntries(positionals, values.file ?? [], context);
    if (read.entries.length === 0) {
      throw new UsageError("no assignment ids: pass them as arguments or with --file.");
    }
    const config = loadCliConfig(context.env, { cloud: values.cloud, defaultInlineRetryBudgetMs: 0 });
    const checkState = values["check-state"] ?? config.reprocess.checkStateFirst;
    const { entries, duplicates } = dedupeEntries(read.entries);
    for (const note of read.notes) context.stderr.write(`${note}\n`);
    if (duplicates.length > 0) {
      context.stderr.write(`Skipping ${duplicates.length} repeated id${duplicates.length === 1 ? "" : "s"} (${duplicates.map((d) => d.source).join(", ")}).\n`);
    }

    const results = values["dry-run"] === true ? dryRun(entries, config, checkState) : await reprocessAll(entries, config, { checkState, concurrency, maxAttempts }, context);

    return finishCommand(context, {
      json: values.json === true,
      document: () => results,
      table: () => formatResultTable(results),
      summary: formatSummary(results),
      succeeded: results.every((result) => result.outcome === "accepted" || result.outcome === "wouldReprocess"),
      interrupted: results.some((result) => result.outcome === "cancelled"),
    });
  },
};

interface ReprocessAllOptions {
  readonly checkState: boolean;
  readonly concurrency: number;
  readonly maxAttempts: number;
}

async function reprocessAll(entries: readonly ReprocessEntry[], config: AppConfig, options: ReprocessAllOptions, context: CliContext): Promise<ReprocessItemResult[]> {
  const reprocessor = createCliReprocessor(config);
  const progress = new ProgressBar(context.stderr, entries.length, { label: "reprocess" });
  try {
    const pooled = await runPacedPool(
      entries,
      async (entry, _attempt, abortSignal): Promise<TaskAttempt<ReprocessOutcome>> => {
        const outcome = await reprocessor.reprocess(entry.value, { checkState: options.checkState, abortSignal });
        return isTransientOutcome(outcome) ? { kind: "retry", result: outcome, retryAfterMs: outcome.retryAfterMs } : { kind: "done", result: outcome };
      },
      {
        concurrency: options.concurrency,
        maxAttempts: options.maxAttempts,
        backoff: poolBackoff,
        abortSignal: context.abortSignal,
        onSettled: (_index, outcome) => {
          progress.settled(outcome.kind === "accepted");
        },
        onPause: (resumeAtMs) => {
          progress.paused(resumeAtMs);
        },
      },
    );
    return pooled.map((pooledItem) =>
      pooledItem.kind === "settled"
        ? itemResultFromOutcome(pooledItem.item, pooledItem.result, pooledItem.attempts)
        : cancelledItemResult(pooledItem.item, pooledItem.attempts, pooledItem.lastResult),
    );
  } finally {
    progress.stop();
  }
}

function dryRun(entries: readonly ReprocessEntry[], config: AppConfig, checkState: boolean): ReprocessItemResult[] {
  return entries.map((entry) => {
    const parsed = parseAssignmentId(entry.value);
    if (!parsed.ok) {
      return { id: entry.value, outcome: "invalidId", detail: parsed.reason, attempts: 0, source: entry.source };
    }
    const url = `${config.graph.baseUrl}${assignmentsPath}/${parsed.id}`;
    const check = checkState ? `GET ${url}?$select=id,state, then ` : "";
    return { id: parsed.id, outcome: "wouldReprocess", detail: `would ${check}POST ${url}/reprocess`, attempts: 0, source: entry.source };
  });
}
