import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

interface ChildRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runChild(kind: "sdkPolicy" | "graphPipeline"): Promise<ChildRun> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../support/idleTokenRenewalChild.ts"), kind], {
    cwd: resolve(__dirname, "../.."),
    env: { PATH: process.env.PATH ?? "", NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  return new Promise((resolvePromise) =>
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, stdout, stderr });
    }),
  );
}

// The SDK's bearer policy renews a token in the background and awaits that renewal only when a
// request needs it. A process that goes idle while the identity endpoint refuses is ended by the
// renewal's last failure, which nobody handles. These run both ways in child processes, over HTTPS.
describe("an idle process whose token expires while the identity endpoint refuses", { timeout: 30_000 }, () => {
  it("is ended by the SDK's bearer policy on its own, through an unhandled rejection", async () => {
    const run = await runChild("sdkPolicy");
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("identity endpoint refused token request");
    expect(run.stdout).not.toContain("survived");
  });

  it("survives behind the app's Graph pipeline, which renews ahead and catches every failure", async () => {
    const run = await runChild("graphPipeline");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    // The pipeline did try to renew (and was refused) before the token expired.
    expect(run.stdout).toMatch(/survived; token asked for ([2-9]|\d\d+) times/);
  });
});
