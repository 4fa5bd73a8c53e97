import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Text written so far; complete once `result` resolves. */
  readonly output: { stdout: string; stderr: string };
  readonly result: Promise<ProcessResult>;
}

/** Runs a Node script in a fresh process with exactly `env`, collecting what it writes. */
export function spawnNode(scriptPath: string, args: readonly string[], env: Readonly<Record<string, string>>, input?: string): SpawnedProcess {
  const child = spawn(process.execPath, [scriptPath, ...args], { env, stdio: "pipe" });
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  child.stdin.end(input);
  const result = new Promise<ProcessResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout: output.stdout, stderr: output.stderr });
    });
  });
  return { child, output, result };
}
