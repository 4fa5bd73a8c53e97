import { fork } from "node:child_process";
import { join, resolve } from "node:path";
import { isLocalHostReady } from "../../../scripts/localHost/localHostReady";
import { cliCommandLine } from "./describeLocalEmulator";
import { localCurlExamples } from "./localCurlExamples";
import type { LocalEmulator } from "./localEmulator";

const projectRoot = resolve(__dirname, "../../..");
// Past the host's own stop grace (10 s): if it has not gone by then, it is killed.
const childStopMs = 15_000;

export interface RunLocalHostOptions {
  readonly local: LocalEmulator;
  /** The environment the host runs with: local.settings.json's values, the developer's, the emulator's on top. */
  readonly env: NodeJS.ProcessEnv;
  /** `npm start -- --port N`, as for func start. */
  readonly port: string;
}

/**
 * Runs the built-in local host (scripts/localHost) in a child process: Node reads
 * NODE_EXTRA_CA_CERTS only at start-up, and the @azure/functions-core stand-in must be loaded
 * before the app. Resolves with the exit code once it has stopped, after Ctrl+C or SIGTERM.
 */
export async function runLocalHost(options: RunLocalHostOptions): Promise<number> {
  const { local, env, port } = options;
  const child = fork(join(projectRoot, "scripts/localHost/localHostMain.ts"), ["--port", port], {
    cwd: projectRoot,
    env,
    execArgv: ["--require", join(projectRoot, "test/support/host/functionsHostShim.cjs"), "--import", "tsx"],
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  child.on("message", (message: unknown) => {
    if (!isLocalHostReady(message)) return;
    const cli = cliCommandLine(local).replace(/ reprocess \S+$/, " parked list");
    process.stdout.write(
      [
        "",
        "Try it (one curl per route):",
        ...localCurlExamples(message, local.seed).map((line) => `  ${line}`),
        "",
        "See what the queue parked (after npm run build, from the project directory):",
        `  ${cli}`,
        "",
        `Ready: the app is served on ${message.origin}/api/. Ctrl+C stops the host and the emulators.`,
        "",
      ].join("\n"),
    );
  });
  const exited = new Promise<number>((resolveExit) => {
    child.on("exit", (code, signal) => {
      resolveExit(code ?? (signal === null ? 1 : 0));
    });
  });
  // Ctrl+C reaches the host through the terminal's process group; a signal sent to npm start
  // alone (a supervisor's SIGTERM) does not, so pass it on. The host stops once, whichever comes.
  const stop = (): void => {
    if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), childStopMs).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await exited;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
