import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyPackages, packageClosure } from "../../../scripts/packaging/shippedModules";

let root: string;

function installPackage(dir: string, manifest: Record<string, unknown>, files: readonly string[] = []): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
  for (const file of files) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), "x");
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "shipped-modules-"));
  installPackage(join(root, "node_modules", "app-insights"), {
    name: "app-insights",
    version: "3.0.0",
    dependencies: { shared: "1", "@scope/lib": "1" },
    optionalDependencies: { "not-installed": "1" },
    peerDependencies: { peer: "1" },
  });
  installPackage(join(root, "node_modules", "shared"), { name: "shared", version: "1.0.0" });
  installPackage(join(root, "node_modules", "@scope", "lib"), { name: "@scope/lib", version: "1.0.0", dependencies: { shared: "2" } });
  installPackage(join(root, "node_modules", "@scope", "lib", "node_modules", "shared"), { name: "shared", version: "2.0.0" }, ["index.js"]);
  installPackage(join(root, "node_modules", "peer"), { name: "peer", version: "1.0.0" }, ["index.js", "index.js.map", "index.d.ts", "README.md", "LICENSE.md"]);
  installPackage(join(root, "node_modules", "unrelated"), { name: "unrelated", version: "1.0.0" });
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("packageClosure", () => {
  it("follows dependencies and installed peers the way Node resolves them, nested copies included", () => {
    const closure = packageClosure(["app-insights"], root);
    expect(closure.map((pkg) => `${pkg.name}@${pkg.version}`).sort()).toEqual(["@scope/lib@1.0.0", "app-insights@3.0.0", "peer@1.0.0", "shared@1.0.0", "shared@2.0.0"]);
  });

  it("fails naming a required dependency that is not installed", () => {
    installPackage(join(root, "node_modules", "broken"), { name: "broken", version: "1.0.0", dependencies: { missing: "1" } });
    expect(() => packageClosure(["broken"], root)).toThrow(/missing/);
  });
});

describe("copyPackages", () => {
  it("keeps the nested layout and run-time files, and drops maps, types and docs but not licences", () => {
    const target = join(root, "out");
    copyPackages(packageClosure(["app-insights"], root), join(root, "node_modules"), target);
    const shipped = (path: string): boolean => existsSync(join(target, "node_modules", path));
    expect(shipped("@scope/lib/node_modules/shared/index.js")).toBe(true);
    expect(shipped("peer/index.js")).toBe(true);
    expect(shipped("peer/LICENSE.md")).toBe(true);
    expect(["peer/index.js.map", "peer/index.d.ts", "peer/README.md", "unrelated/package.json"].filter(shipped)).toEqual([]);
  });
});
