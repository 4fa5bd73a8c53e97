import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AppRunPlan, AppRunResult } from "./appRunPlan";

export interface AppRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Undefined when the child died before writing it: stderr says why. */
  readonly result: AppRunResult | undefined;
}

const projectRoot = resolve(__dirname, "../../..");
const childTimeoutMs = 25_000;

// What a child needs from the test process: the test certificate and the sampling and statsbeat
// switches set by vitest.config (read by Node and App Insights at process start), and PATH.
const inherited = ["PATH", "NODE_EXTRA_CA_CERTS", "OTEL_TRACES_SAMPLER", "APPLICATION_INSIGHTS_NO_STATSBEAT"] as const;

/**
 * Runs the app's entry (TypeScript, through tsx) in a fresh Node process under the stand-in for
 * the Functions host, with exactly `settings` as its app settings, and carries out `plan` there.
 * App Insights is process-global and must be set up before http loads, so it cannot be tested in
 * the test runner's own process.
 */
export async function runAppInFreshProcess(settings: Readonly<Record<string, string>>, plan: Omit<AppRunPlan, "resultFile">): Promise<AppRun> {
  const dir = mkdtempSync(join(tmpdir(), "app-run-"));
  const resultFile = join(dir, "result.json");
  const env: Record<string, string> = {};
  for (const name of inherited) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  try {
    const child = spawn(process.execPath, ["--require", join(__dirname, "functionsHostShim.cjs"), "--import", "tsx", join(__dirname, "instrumentedAppChild.ts")], {
      cwd: projectRoot,
      env: { ...env, ...settings, APP_RUN_PLAN: JSON.stringify({ ...plan, resultFile }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), childTimeoutMs);
    const exitCode = await new Promise<number | null>((resolvePromise) => child.on("close", resolvePromise));
    clearTimeout(timer);
    let result: AppRunResult | undefined;
    try {
      result = JSON.parse(readFileSync(resultFile, "utf8")) as AppRunResult;
    } catch {
      result = undefined;
    }
    return { exitCode, stdout, stderr, result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
