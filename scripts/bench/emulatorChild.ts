import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { EmulatorCommand, EmulatorEndpoints, EmulatorStats } from "./emulatorProtocol";

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
    return new Promise<EmulatorStats>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new Error("aborted"));
      };
      abortSignal.addEventListener("abort", onAbort, { once: true });
      this.child.once("message", (message) => {
        abortSignal.removeEventListener("abort", onAbort);
        resolve(message as EmulatorStats);
      });
      this.send({ type: "stats" });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => { resolve(); }));
    this.send({ type: "close" });
    await exited;
  }
}
