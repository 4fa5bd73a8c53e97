import { fork, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import type { HttpRequestInit } from "@azure/functions";
import type { AppChildAnswer, AppChildRequest } from "./appChildProtocol";

type Answer<K extends AppChildAnswer["kind"]> = Extract<AppChildAnswer, { kind: K }>;

interface ChildMessage {
  readonly seq: number;
  readonly reply?: AppChildAnswer;
  readonly failure?: string;
}

const projectRoot = resolve(__dirname, "../../..");

/**
 * The app, wired from an environment exactly as in production, in a process of its own: what it
 * prints is captured apart from the test runner's output, so it can be scanned.
 */
export class AppInChildProcess {
  stdout = "";
  stderr = "";
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (answer: AppChildAnswer) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    child.on("message", (message: ChildMessage) => {
      const waiter = this.pending.get(message.seq);
      this.pending.delete(message.seq);
      if (message.reply !== undefined) waiter?.resolve(message.reply);
      else waiter?.reject(new Error(`The app child process failed: ${message.failure ?? "unknown"}`));
    });
    child.on("exit", (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`The app child process exited with ${code ?? "a signal"}:\n${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Only the given environment reaches the child (plus PATH): no test runner setting leaks in. */
  static async start(env: Readonly<Record<string, string>>): Promise<AppInChildProcess> {
    const child = fork(join(__dirname, "appChildProcessMain.ts"), [], {
      cwd: projectRoot,
      execArgv: ["--import", "tsx"],
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
    });
    const app = new AppInChildProcess(child);
    await app.ask(0, undefined);
    return app;
  }

  async invoke(functionName: string, init: HttpRequestInit): Promise<Answer<"answer">> {
    return (await this.request({ kind: "invoke", functionName, init })) as Answer<"answer">;
  }

  async token(): Promise<string> {
    return ((await this.request({ kind: "token" })) as Answer<"token">).token;
  }

  async telemetry(): Promise<string> {
    return ((await this.request({ kind: "telemetry" })) as Answer<"telemetry">).events;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once("exit", resolveExit));
    this.child.kill();
    await exited;
  }

  private async request(request: AppChildRequest): Promise<AppChildAnswer> {
    this.seq += 1;
    return this.ask(this.seq, request);
  }

  private ask(seq: number, request: AppChildRequest | undefined): Promise<AppChildAnswer> {
    return new Promise((resolveAnswer, reject) => {
      this.pending.set(seq, { resolve: resolveAnswer, reject });
      if (request !== undefined) this.child.send({ seq, request });
    });
  }
}
