import { globSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";

const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
const builtins = new Set(builtinModules);

function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*|^import\s+)["']([^"']+)["']/gm)].map((match) => match[1] ?? "");
  return specifiers
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:") && !builtins.has(specifier))
    .map((specifier) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] ?? specifier)));
}

describe("the app's imports", () => {
  // A package that is only present transitively can vanish with any upgrade of its parent.
  it("name only packages declared in dependencies (or the host-provided functions-core)", () => {
    const undeclared = new Set<string>();
    for (const file of globSync("src/**/*.ts")) {
      for (const name of importedPackages(readFileSync(file, "utf8"))) {
        if (!(name in packageJson.dependencies) && name !== "@azure/functions-core") {
          undeclared.add(`${name} (${file})`);
        }
      }
    }
    expect([...undeclared]).toEqual([]);
  });
});
