import { spawn } from "node:child_process";
import { resolve } from "node:path";

const projectRoot = resolve(__dirname, "../../..");

/** Runs `func start` (the real Functions host) until it exits; resolves with its exit code. */
export async function runCoreTools(func: string, funcArgs: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  // An npm-installed func on Windows is a .cmd, which only a shell can run.
  const host = spawn(func, ["start", ...funcArgs], { cwd: projectRoot, stdio: "inherit", env, shell: /\.(cmd|bat)$/i.test(func) });
  // Ctrl+C reaches func through the terminal's process group; SIGTERM (from a supervisor) does not.
  const ignore = (): void => undefined;
  const forward = (): void => {
    host.kill("SIGTERM");
  };
  process.on("SIGINT", ignore);
  process.once("SIGTERM", forward);
  try {
    return await new Promise<number>((resolvePromise) => {
      host.on("error", (error) => {
        process.stderr.write(`Could not run ${func}: ${error.message}\n`);
        resolvePromise(1);
      });
      host.on("exit", (exitCode, signal) => {
        resolvePromise(exitCode ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1));
      });
    });
  } finally {
    process.off("SIGINT", ignore);
    process.off("SIGTERM", forward);
  }
}
