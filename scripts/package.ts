// npm run package: builds the deployable app into dist/package and zips it to dist/app.zip, the
// file docs/deploying.md's publish step uploads. The zip's own package.json points "main" at the bundle.
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildPackage } from "./packaging/buildPackage";
import { zipDirectory } from "./packaging/zipDirectory";

const projectRoot = resolve(__dirname, "..");
const packageDir = join(projectRoot, "dist", "package");
const zipPath = join(projectRoot, "dist", "app.zip");

async function main(): Promise<void> {
  const { bundle, shipped } = await buildPackage({ projectRoot, packageDir });
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
