// npm run package: builds the deployable artifact into dist/package and zips it to dist/app.zip,
// the file the README's deploy step uploads. The zip's own package.json points "main" at the bundle.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleApp } from "./packaging/bundleApp";
import { copyPackages, packageClosure } from "./packaging/shippedModules";
import { zipDirectory } from "./packaging/zipDirectory";

interface ProjectManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly engines?: Readonly<Record<string, string>>;
}

const projectRoot = resolve(__dirname, "..");
const packageDir = join(projectRoot, "dist", "package");
const zipPath = join(projectRoot, "dist", "app.zip");

async function main(): Promise<void> {
  const project = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as ProjectManifest;
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });

  const bundle = await bundleApp({ entryPoint: join(projectRoot, "src", "index.ts"), outFile: join(packageDir, "index.js") });
  const shipped = packageClosure(bundle.externalPackages, projectRoot);
  copyPackages(shipped, join(projectRoot, "node_modules"), packageDir);
  copyFileSync(join(projectRoot, "host.json"), join(packageDir, "host.json"));

  // Listing the shipped externals keeps a remote build (if someone turns one on) from pruning them.
  const dependencies = Object.fromEntries(
    bundle.externalPackages.map((name) => [name, shipped.find((pkg) => pkg.name === name && pkg.dir === join(projectRoot, "node_modules", name))?.version ?? "*"]),
  );
  const manifest = {
    name: project.name,
    version: project.version,
    ...(project.description === undefined ? {} : { description: project.description }),
    private: true,
    ...(project.license === undefined ? {} : { license: project.license }),
    main: "index.js",
    ...(project.engines === undefined ? {} : { engines: project.engines }),
    dependencies,
  };
  writeFileSync(join(packageDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  rmSync(zipPath, { force: true });
  const zip = zipDirectory({ sourceDir: packageDir, zipPath });
  const kib = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString("en-US")} KiB`;
  console.log(`bundle     dist/package/index.js  ${kib(bundle.bytes)}`);
  console.log(`externals  ${bundle.externalPackages.join(", ") || "none"} (${shipped.length} packages shipped in node_modules)`);
  console.log(`zip        dist/app.zip           ${kib(zip.bytes)}, ${zip.entries.toLocaleString("en-US")} files`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
