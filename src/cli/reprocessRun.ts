import type { AppConfig } from "../config/appConfig";
import type { VerifyTarget } from "../queue/queueMessage";
import type { AssignmentIdParseResult } from "../shared/guid";
import { UsageError, exitCode, printedHelp, type CliCommand, type CliContext } from "./cliCommand";
import { commonOptions, integerFlag, parseCommandArgs } from "./commandArgs";
import { ProgressBar, finishCommand } from "./commandOutput";
import { loadCliConfig } from "./loadCliConfig";
import { runPacedPool, type TaskAttempt } from "./pacedPool";
import { dedupeEntries, readReprocessEntries, type ReprocessEntry } from "./reprocessEntries";
import {
  cancelledItemResult,
  formatResultTable,
  formatSummary,
  isTransientItemOutcome,
  itemResultFromOutcome,
  withDelivery,
  type AnyReprocessOutcome,
  type ReprocessItemResult,
} from "./reprocessItemResult";
import { waitForDelivery, type ReadOne } from "./waitForDelivery";

/** Without a Retry-After, retries wait 1 s, 2 s, 4 s ... up to 30 s (with jitter). */
const poolBackoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** One of the core's reprocess operations, as the pool calls it. */
export type ReprocessOne = (rawId: string, abortSignal: AbortSignal) => Promise<AnyReprocessOutcome>;

export interface ReprocessPoolOptions {
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** Names the run in progress lines. */
  readonly label: string;
}

/**
 * Every id through the paced pool: throttled and unavailable answers are retried with the whole
 * pool paused, progress goes to stderr, Ctrl+C marks the rest `cancelled`, and a broken setup
 * (thrown by the CLI's Graph client) stops the pool and is rethrown for runCli to report.
 */
export async function reprocessThroughPool(entries: readonly ReprocessEntry[], reprocessOne: ReprocessOne, options: ReprocessPoolOptions, context: CliContext): Promise<ReprocessItemResult[]> {
  const progress = new ProgressBar(context.stderr, entries.length, { label: options.label });
  try {
    const pooled = await runPacedPool(
      entries,
      async (entry, _attempt, abortSignal): Promise<TaskAttempt<AnyReprocessOutcome>> => {
        const outcome = await reprocessOne(entry.value, abortSignal);
        return isTransientItemOutcome(outcome) ? { kind: "retry", result: outcome, retryAfterMs: outcome.retryAfterMs } : { kind: "done", result: outcome };
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

/** The pool's flags, shared by every command that reprocesses through it. */
export const poolOptions = {
  concurrency: { type: "string" },
  "max-attempts": { type: "string" },
} as const;

export function poolFlags(values: { readonly concurrency?: string | undefined; readonly "max-attempts"?: string | undefined }): Omit<ReprocessPoolOptions, "label"> {
  return {
    concurrency: integerFlag("concurrency", values.concurrency, { defaultValue: 4, min: 1, max: 32 }),
    maxAttempts: integerFlag("max-attempts", values["max-attempts"], { defaultValue: 5, min: 1, max: 20 }),
  };
}

export interface FinishReprocessRunOptions {
  readonly json: boolean;
  readonly idHeading: string;
  /** --wait: success is every item delivered, not merely accepted. */
  readonly waited?: boolean;
}

/** The end every reprocess run shares: the table or JSON, the summary, and exit 0 / 1 / 130. */
export function finishReprocessRun(results: readonly ReprocessItemResult[], options: FinishReprocessRunOptions, context: CliContext): number {
  const waited = options.waited === true;
  return finishCommand(context, {
    json: options.json,
    document: () => results,
    table: () => formatResultTable(results, options.idHeading, waited),
    summary: formatSummary(results),
    succeeded: results.every((result) => (waited ? result.delivery === "delivered" : result.outcome === "accepted" || result.outcome === "wouldReprocess")),
    interrupted: results.some((result) => result.outcome === "cancelled" || result.delivery === "cancelled"),
  });
}

/**
 * --wait: reads every accepted item's state until it is delivered, ends otherwise, or the timeout
 * passes, with progress on stderr (a bar on a terminal, else a line every 5 s).
 */
async function waitForAccepted(results: readonly ReprocessItemResult[], readOne: ReadOne, options: { readonly timeoutMs: number; readonly concurrency: number; readonly label: string }, context: CliContext): Promise<ReprocessItemResult[]> {
  const accepted = results.filter((result) => result.outcome === "accepted").map((result) => result.id);
  if (accepted.length === 0) return [...results];
  const progress = new ProgressBar(context.stderr, accepted.length, { label: `${options.label} --wait`, good: "delivered" });
  try {
    const waited = await waitForDelivery(accepted, readOne, {
      timeoutMs: options.timeoutMs,
      concurrency: options.concurrency,
      abortSignal: context.abortSignal,
      onEnded: (end) => {
        progress.settled(end === "delivered");
      },
    });
    return results.map((result) => (result.outcome === "accepted" ? withDelivery(result, waited.get(result.id)) : result));
  } finally {
    progress.stop();
  }
}

/** What makes `reprocess` and `reprocess-request` different; everything else is this file's. */
export interface ReprocessByIdSpec {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  /** `ASSIGNMENT ID` or `REQUEST ID`, the id column's heading. */
  readonly idHeading: string;
  /** e.g. "assignment ids", for "no assignment ids: pass them ...". */
  readonly idsNoun: string;
  readonly parseId: (value: string) => AssignmentIdParseResult;
  /** Whether the command has `--[no-]check-state` (assignments only: a request's state is always read). */
  readonly checkStateFlag: boolean;
  /** The calls a dry run says it would make for a valid id. */
  readonly plannedCalls: (id: string, config: AppConfig, checkState: boolean) => string;
  readonly createReprocessOne: (config: AppConfig, checkState: boolean) => ReprocessOne;
  /** What --wait reads. */
  readonly target: VerifyTarget;
  readonly createReadOne: (config: AppConfig, target: VerifyTarget) => ReadOne;
}

/** Flags --wait adds; their help text, shared by both commands. */
export const waitOptionsHelp = `  --wait                After the reprocess, read each accepted item's state until it is
                        delivered, ends otherwise (deliveryFailed, ...), or --wait-timeout
                        passes; print the final state. Exit 0 only when every item ended delivered.
  --wait-timeout <s>    How long --wait waits, in seconds (1-86400, default 900).`;

const byIdOptions = {
  ...commonOptions,
  ...poolOptions,
  file: { type: "string", short: "f", multiple: true },
  "check-state": { type: "boolean" },
  wait: { type: "boolean" },
  "wait-timeout": { type: "string" },
} as const;

function dryRun(entries: readonly ReprocessEntry[], spec: ReprocessByIdSpec, config: AppConfig, checkState: boolean): ReprocessItemResult[] {
  return entries.map((entry) => {
    const parsed = spec.parseId(entry.value);
    if (!parsed.ok) {
      return { id: entry.value, outcome: "invalidId", detail: parsed.reason, attempts: 0, source: entry.source };
    }
    return { id: parsed.id, outcome: "wouldReprocess", detail: `would ${spec.plannedCalls(parsed.id, config, checkState)}`, attempts: 0, source: entry.source };
  });
}

/**
 * A command that reprocesses ids given as arguments or files: one parser, one id reader, one
 * pool, one output, so `reprocess` and `reprocess-request` cannot drift in flags, output or exit codes.
 */
export function reprocessByIdCommand(spec: ReprocessByIdSpec): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    help: spec.help,
    run: async (args, context) => {
      const parsed = parseCommandArgs(args, byIdOptions);
      if (printedHelp(parsed, { help: spec.help }, context)) return exitCode.ok;
      const { values, positionals } = parsed;
      if (!spec.checkStateFlag && values["check-state"] !== undefined) {
        throw new UsageError("--check-state and --no-check-state apply to 'reprocess' only: an assignment request's state and completion time are always read first.");
      }
      const pool = poolFlags(values);
      const wait = values.wait === true;
      if (!wait && values["wait-timeout"] !== undefined) throw new UsageError("--wait-timeout applies with --wait only.");
      const waitTimeoutMs = integerFlag("wait-timeout", values["wait-timeout"], { defaultValue: 900, min: 1, max: 86_400 }) * 1000;
      const read = await readReprocessEntries(positionals, values.file ?? [], context);
      if (read.entries.length === 0) {
        throw new UsageError(`no ${spec.idsNoun}: pass them as arguments or with --file.`);
      }
      const config = loadCliConfig(context.env, { cloud: values.cloud, defaultInlineRetryBudgetMs: 0 });
      const checkState = values["check-state"] ?? config.reprocess.checkStateFirst;
      const { entries, duplicates } = dedupeEntries(read.entries);
      for (const note of read.notes) context.stderr.write(`${note}\n`);
      if (duplicates.length > 0) {
        context.stderr.write(`Skipping ${duplicates.length} repeated id${duplicates.length === 1 ? "" : "s"} (${duplicates.map((d) => d.source).join(", ")}).\n`);
      }
      if (values["dry-run"] === true) {
        return finishReprocessRun(dryRun(entries, spec, config, checkState), { json: values.json === true, idHeading: spec.idHeading }, context);
      }
      const reprocessed = await reprocessThroughPool(entries, spec.createReprocessOne(config, checkState), { ...pool, label: spec.name }, context);
      const results =
        wait && !context.abortSignal.aborted ? await waitForAccepted(reprocessed, spec.createReadOne(config, spec.target), { timeoutMs: waitTimeoutMs, concurrency: pool.concurrency, label: spec.name }, context) : reprocessed;
      return finishReprocessRun(results, { json: values.json === true, idHeading: spec.idHeading, waited: wait }, context);
    },
  };
}
