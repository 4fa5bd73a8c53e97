import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join, resolve } from "node:path";

/** The repository root: vitest runs from it (npm scripts always do). */
export const repoRoot = resolve(".");

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program and resolves with its exit code and output; never rejects on a non-zero exit. */
export function run(
  file: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly input?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(new Error(`could not run ${file}: ${error.message}`, { cause: error }));
          return;
        }
        resolvePromise({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

function isOnPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((directory) => {
    try {
      accessSync(join(directory, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Time for a first Bicep CLI restore from NuGet (about 115 MB) plus the calls of one test file. */
export const bicepHookTimeoutMs = 300_000;

export interface BicepCli {
  readonly path: string;
  /** The environment to run it in. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `bicep <args>` from the repository root. */
  readonly run: (args: readonly string[], env?: Record<string, string>) => Promise<CommandResult>;
  /** Runs `bicep <args>` with `input` on its standard input. */
  readonly runWithInput: (args: readonly string[], input: string) => Promise<CommandResult>;
}

let bicepCli: Promise<BicepCli> | undefined;

/**
 * Gets the Bicep CLI through scripts/ensure-bicep.sh, once per test file. The infra tests never
 * skip: a machine that cannot get the CLI fails every infra suite (in its beforeAll) with this
 * message, because a silently skipped template check reads as a passed one.
 */
export function getBicepCli(): Promise<BicepCli> {
  bicepCli ??= (async () => {
    if (!isOnPath("bicep") && !isOnPath("dotnet")) {
      throw new Error(
        "No Bicep CLI for the infra tests: neither `bicep` nor `dotnet` is on PATH. Install the .NET SDK " +
          "(scripts/ensure-bicep.sh then restores the Bicep CLI from NuGet into .cache/bicep) or put bicep on PATH.",
      );
    }
    const ensured = await run("bash", [join(repoRoot, "scripts/ensure-bicep.sh")]);
    if (ensured.exitCode !== 0) {
      throw new Error(`No Bicep CLI for the infra tests: scripts/ensure-bicep.sh failed (exit ${ensured.exitCode}):\n${ensured.stderr}`);
    }
    const path = ensured.stdout.trim();
    // The CLI is a .NET single-file app; it unpacks itself into this writable folder.
    const baseEnv = {
      ...process.env,
      DOTNET_BUNDLE_EXTRACT_BASE_DIR: join(repoRoot, ".cache/bicep/extract"),
      DOTNET_CLI_TELEMETRY_OPTOUT: "1",
      DOTNET_NOLOGO: "1",
    };
    return {
      path,
      env: baseEnv,
      run: (args, env = {}) => run(path, args, { env: { ...baseEnv, ...env } }),
      runWithInput: (args, input) => run(path, args, { env: baseEnv, input }),
    };
  })();
  return bicepCli;
}
