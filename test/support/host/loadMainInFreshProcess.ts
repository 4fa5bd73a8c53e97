import { spawn } from "node:child_process";
import { globSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface RegisteredBinding {
  readonly type: string;
  readonly direction: string;
  readonly name: string;
  readonly route?: string;
  readonly methods?: readonly string[];
  readonly authLevel?: string;
  readonly queueName?: string;
  readonly connection?: string;
  readonly [key: string]: unknown;
}

export interface RegisteredFunction {
  readonly name: string;
  readonly bindings: Readonly<Record<string, RegisteredBinding>>;
}

export interface HostLoadResult {
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly programmingModel: { readonly name: string; readonly version: string } | undefined;
  readonly registrations: readonly RegisteredFunction[];
  /** Spawn to exit: what a fresh Node process takes to load the entry files. */
  readonly loadMs: number;
  /** The process's peak resident set size; undefined if it died before reporting. */
  readonly peakRssBytes: number | undefined;
}

const projectRoot = resolve(__dirname, "../../..");

/** The files package.json's "main" names, resolved the way the Functions host does (globs allowed). */
export function mainFiles(main?: string): string[] {
  const pattern = main ?? (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { main: string }).main;
  return globSync(pattern, { cwd: projectRoot }).map((file) => join(projectRoot, file));
}

/**
 * Loads the app's entry files in a fresh Node process with a stand-in for the host's
 * `@azure/functions-core`, and reports what was registered — what the host would index.
 */
export async function loadMainInFreshProcess(env: Readonly<Record<string, string>>, main?: string): Promise<HostLoadResult> {
  const files = mainFiles(main);
  const dir = mkdtempSync(join(tmpdir(), "functions-shim-"));
  const out = join(dir, "registrations.json");
  const script = files.map((file) => `require(${JSON.stringify(file)});`).join("");
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ["--require", join(__dirname, "functionsHostShim.cjs"), "-e", script], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "", ...env, FUNCTIONS_SHIM_OUT: out },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolvePromise) => child.on("close", resolvePromise));
    const loadMs = performance.now() - started;
    let recorded: Pick<HostLoadResult, "programmingModel" | "registrations" | "peakRssBytes"> = { programmingModel: undefined, registrations: [], peakRssBytes: undefined };
    try {
      recorded = JSON.parse(readFileSync(out, "utf8")) as typeof recorded;
    } catch {
      // The process died before writing: the exit code and stderr tell why.
    }
    return { exitCode, stderr, loadMs, ...recorded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
