// Worker for the peer table: what an engineer would write instead of this app (a script on the
// Graph JavaScript SDK with its default middleware, RetryHandler included) and our CLI's
// `reprocess --file`, each reprocessing the same ids against a fresh Graph emulator at one limit.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, GraphError } from "@microsoft/microsoft-graph-client";
import type { RateLimit } from "../../test/support/graph/tokenBucket";
import { compiledOrSourceApp } from "./appModules";
import { emulatorAppSettings } from "./benchServices";
import { EmulatorChild } from "./emulatorChild";
import { runAsWorker } from "./runAsWorker";

export type PeerVariant = "sdk" | "cli";

export interface PeerRunResult {
  readonly variant: PeerVariant;
  readonly concurrency: number;
  readonly assignments: number;
  readonly durationMs: number;
  /** Ids Graph accepted a reprocess for. */
  readonly completed: number;
  readonly calls: number;
  readonly throttled: number;
  readonly duplicates: number;
  /** Ids the script or CLI gave up on, by what it last got: the status, or the error's name. */
  readonly gaveUpBy: Readonly<Record<string, number>>;
}

const reprocessPath = (id: string): string => `/identityGovernance/entitlementManagement/assignments/${id}/reprocess`;

/** The peer: the SDK's default client (RetryHandler: 3 retries, Retry-After honoured), a plain pool of `concurrency` workers. */
async function runSdk(ids: readonly string[], concurrency: number, baseUrl: string, getToken: () => Promise<string>): Promise<Record<string, number>> {
  const client = Client.initWithMiddleware({
    authProvider: { getAccessToken: getToken },
    baseUrl,
    customHosts: new Set([new URL(baseUrl).hostname]),
    defaultVersion: "v1.0",
  });
  const gaveUpBy: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] ?? "";
      try {
        await client.api(reprocessPath(id)).post(undefined);
      } catch (error) {
        const key = error instanceof GraphError ? String(error.statusCode) : error instanceof Error ? error.name : "unknown";
        gaveUpBy[key] = (gaveUpBy[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return gaveUpBy;
}

/** Our CLI, compiled, as an operator runs it: `reprocess --file ids.txt --no-check-state --json --concurrency n`. */
async function runCli(ids: readonly string[], concurrency: number, env: Readonly<Record<string, string>>, abortSignal: AbortSignal): Promise<Record<string, number>> {
  const dist = process.env.BENCH_DIST;
  if (dist === undefined) throw new Error("BENCH_DIST must name the compiled app's directory");
  const file = join(mkdtempSync(join(tmpdir(), "bench-peer-")), "ids.txt");
  writeFileSync(file, `${ids.join("\n")}\n`);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [join(dist, "cli", "main.js"), "reprocess", "--file", file, "--no-check-state", "--json", "--concurrency", String(concurrency)],
      { env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, signal: abortSignal },
      (error, out) => {
        // Exit code 1 means "some id did not end accepted": the JSON still says which.
        if (error !== null && error.code !== 1) reject(new Error(`the CLI failed: ${error.message}`));
        else resolve(out);
      },
    );
  });
  const results = JSON.parse(stdout) as readonly { readonly outcome: string }[];
  const gaveUpBy: Record<string, number> = {};
  for (const result of results) if (result.outcome !== "accepted") gaveUpBy[result.outcome] = (gaveUpBy[result.outcome] ?? 0) + 1;
  return gaveUpBy;
}

async function main(): Promise<void> {
  const variant = (process.env.BENCH_PEER ?? "sdk") as PeerVariant;
  const count = Number(process.env.BENCH_ASSIGNMENTS ?? "2000");
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? "16");
  const limit = JSON.parse(process.env.BENCH_RATE_LIMIT ?? "") as RateLimit;
  const abortSignal = AbortSignal.timeout(Number(process.env.BENCH_TIMEOUT_MS ?? String(20 * 60_000)));
  const emulator = await EmulatorChild.start({ assignments: count, abortSignal });
  try {
    const env = emulatorAppSettings(emulator.endpoints);
    const app = compiledOrSourceApp();
    const config = app.appConfig.loadAppConfig(env);
    const credential = app.createCredential.createCredential(config.credential);
    const ids = emulator.endpoints.assignmentIds;
    // The token first, so both variants start timing with a token at hand, as after a warm start.
    const token = await credential.getToken(config.graph.scope, { abortSignal });
    if (token === null) throw new Error("no token from the emulator's identity endpoint");
    emulator.send({ type: "setRateLimit", limit });
    const started = performance.now();
    const gaveUpBy =
      variant === "sdk"
        ? await runSdk(ids, concurrency, emulator.endpoints.baseUrl, () => Promise.resolve(token.token))
        : await runCli(ids, concurrency, env, abortSignal);
    const durationMs = performance.now() - started;
    const stats = await emulator.stats(abortSignal);
    const { counts } = await emulator.reprocessCounts(abortSignal);
    const result: PeerRunResult = {
      variant,
      concurrency,
      assignments: ids.length,
      durationMs,
      completed: Object.keys(counts).length,
      calls: stats.reprocessed + stats.throttled,
      throttled: stats.throttled,
      duplicates: Object.values(counts).filter((times) => times > 1).length,
      gaveUpBy,
    };
    process.send?.(result);
  } finally {
    await emulator.close();
  }
}

runAsWorker(main);
