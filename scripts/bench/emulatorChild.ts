import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { EmulatorCommand, EmulatorEndpoints, EmulatorReprocessCounts, EmulatorStats } from "./emulatorProtocol";

export interface EmulatorChildOptions {
  readonly assignments: number;
  readonly abortSignal: AbortSignal;
}

/** The bench's Graph emulator, running in a child process. */
export class EmulatorChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoints: EmulatorEndpoints,
  ) {}

  static async start(options: EmulatorChildOptions): Promise<EmulatorChild> {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "emulatorProcess.ts")], {
      env: { ...process.env, BENCH_ASSIGNMENTS: String(options.assignments) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const endpoints = await new Promise<EmulatorEndpoints>((resolve, reject) => {
      const onAbort = (): void => {
        child.kill();
        reject(new Error("aborted while starting the emulator"));
      };
      options.abortSignal.addEventListener("abort", onAbort, { once: true });
      child.once("message", (message) => {
        options.abortSignal.removeEventListener("abort", onAbort);
        resolve(message as EmulatorEndpoints);
      });
      child.once("exit", (code) => {
        reject(new Error(`the emulator process exited (${code ?? "signal"}) before it was ready`));
      });
    });
    return new EmulatorChild(child, endpoints);
  }

  send(command: EmulatorCommand): void {
    this.child.send(command);
  }

  async stats(abortSignal: AbortSignal): Promise<EmulatorStats> {
    return this.#ask<EmulatorStats>({ type: "stats" }, abortSignal);
  }

  async reprocessCounts(abortSignal: AbortSignal): Promise<EmulatorReprocessCounts> {
    return this.#ask<EmulatorReprocessCounts>({ type: "reprocessCounts" }, abortSignal);
  }

  /** One question at a time: the answer is the next message the child sends. */
  async #ask<T>(command: EmulatorCommand, abortSignal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new Error("aborted"));
      };
      abortSignal.addEventListener("abort", onAbort, { once: true });
      this.child.once("message", (message) => {
        abortSignal.removeEventListener("abort", onAbort);
        resolve(message as T);
      });
      this.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => { resolve(); }));
    this.send({ type: "close" });
    await exited;
  }
}
