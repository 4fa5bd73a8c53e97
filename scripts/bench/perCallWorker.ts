// Worker for the per-call section: the same emulator, the same token, sequential calls through
// the core and as bare HTTPS POSTs, interleaved (alternating which goes first) so drift in the
// machine's load falls on both alike.
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:https";
import { arch, release, type as osType } from "node:os";
import { benchServices, compiledApp } from "./benchServices";
import { EmulatorChild } from "./emulatorChild";
import { runAsWorker } from "./runAsWorker";
import { percentile } from "./statistics";

export interface PerCallRound {
  readonly core: { readonly p50Ms: number; readonly p99Ms: number };
  readonly bare: { readonly p50Ms: number; readonly p99Ms: number };
}

export interface PerCallWorkerResult {
  readonly calls: number;
  readonly rounds: readonly PerCallRound[];
}

const reprocessPath = "/v1.0/identityGovernance/entitlementManagement/assignments";

// The same request on the wire as the core sends (headers included), so the ratio is the client
// stack's overhead and not the emulator parsing a few more headers.
const userAgent = `entra-assignment-reprocessor core-rest-pipeline/1.25.1 Node/${process.versions.node} (${osType()} ${release()}; ${arch()})`;

async function barePost(agent: Agent, baseUrl: string, id: string, token: string, abortSignal: AbortSignal): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      `${baseUrl}${reprocessPath}/${id}/reprocess`,
      {
        method: "POST",
        agent,
        signal: abortSignal,
        headers: {
          accept: "application/json",
          "client-request-id": randomUUID(),
          "return-client-request-id": "true",
          "user-agent": userAgent,
          authorization: `Bearer ${token}`,
          "content-length": "0",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => { resolve(res.statusCode ?? 0); });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const calls = Number(process.env.BENCH_CALLS ?? "2000");
  const roundCount = Number(process.env.BENCH_ROUNDS ?? "1");
  const warmup = Math.min(200, calls);
  const abortSignal = AbortSignal.timeout(10 * 60_000);
  const emulator = await EmulatorChild.start({ assignments: 1000, abortSignal });
  try {
    const { baseUrl, graphScope, assignmentIds } = emulator.endpoints;
    const services = benchServices(emulator.endpoints);
    const token = await compiledApp().credential.createCredential(services.config.credential).getToken(graphScope, { abortSignal });
    if (token === null) throw new Error("no token from the emulator's identity endpoint");
    const agent = new Agent({ keepAlive: true });
    const core = async (id: string): Promise<void> => {
      const outcome = await services.reprocessor.reprocess(id, { checkState: false, abortSignal });
      if (outcome.kind !== "accepted") throw new Error(`core call ended ${outcome.kind}`);
    };
    const bare = async (id: string): Promise<void> => {
      const status = await barePost(agent, baseUrl, id, token.token, abortSignal);
      if (status !== 202) throw new Error(`bare call answered ${status}`);
    };
    const timed = async (call: (id: string) => Promise<void>, id: string, into: number[]): Promise<void> => {
      const started = performance.now();
      await call(id);
      into.push(performance.now() - started);
    };
    const id = (index: number): string => assignmentIds[index % assignmentIds.length] ?? "";
    for (let index = 0; index < warmup; index++) {
      await core(id(index));
      await bare(id(index));
    }
    const rounds: PerCallRound[] = [];
    for (let round = 0; round < roundCount; round++) {
      const coreMs: number[] = [];
      const bareMs: number[] = [];
      for (let index = 0; index < calls; index++) {
        if (index % 2 === 0) {
          await timed(core, id(index), coreMs);
          await timed(bare, id(index), bareMs);
        } else {
          await timed(bare, id(index), bareMs);
          await timed(core, id(index), coreMs);
        }
      }
      rounds.push({
        core: { p50Ms: percentile(coreMs, 50), p99Ms: percentile(coreMs, 99) },
        bare: { p50Ms: percentile(bareMs, 50), p99Ms: percentile(bareMs, 99) },
      });
    }
    agent.destroy();
    const result: PerCallWorkerResult = { calls, rounds };
    process.send?.(result);
  } finally {
    await emulator.close();
  }
}

runAsWorker(main);
