import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Where the shell would find `name` on PATH, or undefined: what `which` does, without depending
 * on a `which` being installed. On Windows, PATHEXT's extensions (.cmd for an npm-installed func)
 * are tried too.
 */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const directories = (env.PATH ?? env.Path ?? "").split(platform === "win32" ? ";" : delimiter).filter((dir) => dir !== "");
  const extensions = platform === "win32" ? ["", ...(env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((ext) => ext !== "")] : [""];
  for (const directory of directories) {
    for (const extension of extensions) {
      const candidate = join(directory, `${name}${extension}`);
      try {
        if (statSync(candidate).isFile()) {
          accessSync(candidate, platform === "win32" ? constants.F_OK : constants.X_OK);
          return candidate;
        }
      } catch {
        // Not here, or not executable: keep looking, as the shell would.
      }
    }
  }
  return undefined;
}
