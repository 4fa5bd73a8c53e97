import { cpSync, existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

export interface ShippedPackage {
  readonly name: string;
  readonly version: string;
  /** Installed location, e.g. /repo/node_modules/@scope/name or a nested node_modules. */
  readonly dir: string;
}

interface PackageManifest {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/**
 * Every installed package the given ones need at run time (dependencies, and optional or peer
 * dependencies that are installed), found the way Node's resolver walks node_modules upwards.
 */
export function packageClosure(roots: readonly string[], fromDir: string): ShippedPackage[] {
  const found = new Map<string, ShippedPackage>();
  const visit = (name: string, from: string, required: boolean): void => {
    const dir = findPackageDir(name, from);
    if (dir === undefined) {
      if (required) throw new Error(`Cannot find installed package ${name} (needed from ${from}); run npm ci.`);
      return;
    }
    if (found.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
    found.set(dir, { name, version: manifest.version ?? "0.0.0", dir });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir, true);
    for (const dependency of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies })) visit(dependency, dir, false);
  };
  for (const root of roots) visit(root, fromDir, true);
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

function findPackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

// Types, sources and docs are never loaded at run time; source maps only with
// --enable-source-maps, which the host does not set. Licence texts stay.
const unneededFile = /\.(map|md|markdown)$|\.d\.[cm]?ts$|\.[cm]?tsx?$/i;
const licenceFile = /^(licen[cs]e|notice|copying)/i;

/** Copies packages into `targetDir/node_modules`, keeping their relative layout so resolution is unchanged. */
export function copyPackages(packages: readonly ShippedPackage[], projectNodeModules: string, targetDir: string): void {
  for (const pkg of packages) {
    const destination = join(targetDir, "node_modules", relative(projectNodeModules, pkg.dir));
    cpSync(pkg.dir, destination, {
      recursive: true,
      filter: (source) => {
        const rel = relative(pkg.dir, source);
        if (rel.split(sep)[0] === "node_modules") return false;
        const name = basename(source);
        return licenceFile.test(name) || !unneededFile.test(name);
      },
    });
  }
}
