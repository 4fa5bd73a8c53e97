import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleApp, type BundleSummary } from "./bundleApp";
import { copyPackages, packageClosure, type ShippedPackage } from "./shippedModules";

export interface BuildPackageOptions {
  readonly projectRoot: string;
  /** Emptied, then filled with what is deployed: index.js, host.json, package.json, node_modules/. */
  readonly packageDir: string;
}

export interface PackageSummary {
  readonly bundle: BundleSummary;
  readonly shipped: readonly ShippedPackage[];
  /** The deployed package.json's "main", relative to packageDir. */
  readonly main: string;
}

interface ProjectManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly engines?: Readonly<Record<string, string>>;
}

/** Lays out the deployable app: the zip's root is this directory, so its package.json is the one the host reads. */
export async function buildPackage(options: BuildPackageOptions): Promise<PackageSummary> {
  const { projectRoot, packageDir } = options;
  const project = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as ProjectManifest;
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });

  const main = "index.js";
  const bundle = await bundleApp({ entryPoint: join(projectRoot, "src", "index.ts"), outFile: join(packageDir, main) });
  const shipped = packageClosure(bundle.externalPackages, projectRoot);
  copyPackages(shipped, join(projectRoot, "node_modules"), packageDir);
  copyFileSync(join(projectRoot, "host.json"), join(packageDir, "host.json"));

  // Listing the shipped externals keeps a remote build (if one is ever turned on) from pruning them.
  const topLevel = (name: string): ShippedPackage | undefined => shipped.find((pkg) => pkg.dir === join(projectRoot, "node_modules", name));
  const dependencies = Object.fromEntries(bundle.externalPackages.map((name) => [name, topLevel(name)?.version ?? "*"]));
  const manifest = {
    name: project.name,
    version: project.version,
    ...(project.description === undefined ? {} : { description: project.description }),
    private: true,
    ...(project.license === undefined ? {} : { license: project.license }),
    main,
    ...(project.engines === undefined ? {} : { engines: project.engines }),
    dependencies,
  };
  writeFileSync(join(packageDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { bundle, shipped, main };
}
