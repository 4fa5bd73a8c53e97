import { spawn } from "node:child_process";
import { join } from "node:path";

export interface RunWorkerOptions {
  /** Extra Node flags, e.g. --expose-gc. */
  readonly nodeFlags?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly abortSignal: AbortSignal;
}

/**
 * Runs a bench worker (a TypeScript file beside this one) in a fresh Node process and resolves
 * with the one message it sends back. A fresh process per measurement keeps one measurement's
 * heap, JIT state and sockets out of the next, and lets NODE_EXTRA_CA_CERTS (read only at start)
 * trust the emulator's test certificate.
 */
export async function runWorker<T>(script: string, options: RunWorkerOptions): Promise<T> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", join(__dirname, script)], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise<T>((resolve, reject) => {
    let result: { value: T } | undefined;
    const onAbort = (): void => {
      child.kill();
    };
    options.abortSignal.addEventListener("abort", onAbort, { once: true });
    child.on("message", (message) => {
      result = { value: message as T };
    });
    child.once("exit", (code) => {
      options.abortSignal.removeEventListener("abort", onAbort);
      if (result !== undefined && code === 0) resolve(result.value);
      else reject(new Error(`bench worker ${script} exited with ${code ?? "a signal"}${result === undefined ? " without a result" : ""}`));
    });
  });
}
