import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

export interface BuiltCli {
  /** The compiled `src/cli/main.ts`, as `npm run build` emits it into dist/. */
  readonly mainPath: string;
  readonly outDir: string;
  remove(): void;
}

const projectRoot = resolve(__dirname, "../..");

/**
 * Builds the app with the project's own tsc and build config, into a private directory under
 * .cache/ (still inside the project, so node_modules resolve). Not dist/: other test files build
 * there at the same time, and a file half-written by one build must not be run by another.
 */
export function buildCli(): BuiltCli {
  const cacheDir = join(projectRoot, ".cache");
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(join(cacheDir, "cli-build-"));
  execFileSync(process.execPath, [join(projectRoot, "node_modules/typescript/bin/tsc"), "-p", join(projectRoot, "tsconfig.build.json"), "--outDir", outDir], {
    cwd: projectRoot,
    stdio: "inherit",
  });
  return {
    mainPath: join(outDir, "cli", "main.js"),
    outDir,
    remove: () => {
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
