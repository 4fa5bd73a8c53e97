import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, posix, relative, resolve } from "node:path";

const projectRoot = resolve(__dirname, "../../..");
const buildsDir = join(projectRoot, ".cache", "main-builds");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Changes whenever anything that goes into the build does, so a stale build is never reused. */
function buildKey(): string {
  const hash = createHash("sha256");
  for (const file of [...sourceFiles(join(projectRoot, "src")), join(projectRoot, "tsconfig.json"), join(projectRoot, "tsconfig.build.json"), join(projectRoot, "package.json")]) {
    hash.update(relative(projectRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Builds the app exactly as `npm run build` does, but into a directory of its own under .cache,
 * and returns package.json's `main` mapped into it (a path relative to the project root, as
 * `main` is). Tests that start the app in a fresh process use this instead of dist/: another test
 * file rebuilds dist/ while they run, and a child process could load a half-written file.
 * Workers that race to build the same sources each build privately and the first rename wins.
 */
export function privatelyBuiltMain(): string {
  const packageJson = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { main: string };
  const buildConfig = JSON.parse(readFileSync(join(projectRoot, "tsconfig.build.json"), "utf8")) as { compilerOptions: { outDir: string } };
  const mainInOutDir = posix.relative(posix.normalize(buildConfig.compilerOptions.outDir), posix.normalize(packageJson.main));
  if (mainInOutDir.startsWith("..")) {
    throw new Error(`package.json main (${packageJson.main}) is not under the build's outDir (${buildConfig.compilerOptions.outDir})`);
  }
  const key = buildKey();
  const outDir = join(buildsDir, key);
  if (!existsSync(join(outDir, ".complete"))) {
    mkdirSync(buildsDir, { recursive: true });
    const scratch = mkdtempSync(join(buildsDir, "scratch-"));
    execFileSync(process.execPath, [join(projectRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", scratch], { cwd: projectRoot, stdio: "pipe" });
    writeFileSync(join(scratch, ".complete"), "");
    try {
      renameSync(scratch, outDir);
    } catch {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  for (const entry of readdirSync(buildsDir)) {
    // Builds of older sources are dead weight; scratch directories may belong to a running worker.
    if (entry !== key && !entry.startsWith("scratch-")) rmSync(join(buildsDir, entry), { recursive: true, force: true });
  }
  return posix.join(".cache", "main-builds", key, mainInOutDir);
}
