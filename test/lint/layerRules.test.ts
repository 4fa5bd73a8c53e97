import { ESLint } from "eslint";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import layerTable from "../../layers.json";

const projectRoot = resolve(__dirname, "../..");
const layerImports = layerTable.mayImport;
const folders = Object.keys(layerImports) as (keyof typeof layerImports)[];
const wiringFiles = ["appServices", "cliServices", "index"];
const appModules = [...folders, ...wiringFiles];

/** A real file of the folder: the type-aware config only lints files the project includes. */
function fileOf(folder: string): string {
  const name = readdirSync(join(projectRoot, "src", folder)).filter((entry) => entry.endsWith(".ts")).sort()[0];
  if (name === undefined) throw new Error(`src/${folder} has no .ts file to probe`);
  return join(projectRoot, "src", folder, name);
}

function specifier(target: string): string {
  return wiringFiles.includes(target) ? `../${target}` : `../${target}/probe`;
}

interface ProbeResult {
  readonly restricted: ReadonlySet<string>;
}

/** Lints the folder's file with one side-effect import of every app module prepended, line by line. */
async function probe(eslint: ESLint, folder: string): Promise<ProbeResult> {
  const targets = appModules.filter((target) => target !== folder);
  const path = fileOf(folder);
  const imports = targets.map((target) => `import "${specifier(target)}";`).join("\n");
  const [result] = await eslint.lintText(`${imports}\n${readFileSync(path, "utf8")}`, { filePath: path });
  const restrictedLines = new Set((result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.line));
  return { restricted: new Set(targets.filter((_, index) => restrictedLines.has(index + 1))) };
}

/** The table under "## Layers" in docs/architecture.md: folder → the folders it may import. */
function documentedLayers(): Record<string, string[]> {
  const text = readFileSync(join(projectRoot, "docs/architecture.md"), "utf8");
  const start = text.indexOf("\n## Layers\n");
  const section = text.slice(start, text.indexOf("\n## ", start + 1));
  const rows = section.split("\n").filter((line) => /^\| `[a-zA-Z]+\/` \|/.test(line));
  return Object.fromEntries(
    rows.map((line) => {
      const [folder = "", allowed = ""] = line.slice(1, -1).split("|").map((cell) => cell.trim());
      const names = [...allowed.matchAll(/`([a-zA-Z]+)(?:\/|\.ts)`/g)].map((match) => match[1] ?? "");
      return [folder.replace(/[`/]/g, ""), names];
    }),
  );
}

describe("layer rules", () => {
  const eslint = new ESLint({ cwd: projectRoot });

  it.each(folders)("makes lint fail on every import src/%s/ may not make, and on none it may", async (folder) => {
    const { restricted } = await probe(eslint, folder);
    const forbidden = appModules.filter((target) => target !== folder && !(layerImports[folder] as readonly string[]).includes(target));
    expect([...restricted].sort()).toEqual([...forbidden].sort());
  }, 60_000);

  it("keeps src/shared/ from importing anything outside itself", async () => {
    const path = fileOf("shared");
    const [result] = await eslint.lintText(`import "../somethingNew/probe";\n${readFileSync(path, "utf8")}`, { filePath: path });
    expect(result?.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.line)).toEqual([1]);
  }, 60_000);

  it("has no loop: following the allowed imports never leads back to where it started", () => {
    const reaches = (from: string, seen: Set<string>): boolean =>
      ((layerImports as Record<string, readonly string[]>)[from] ?? []).some((next) => seen.has(next) || reaches(next, new Set([...seen, next])));
    expect(folders.filter((folder) => reaches(folder, new Set([folder])))).toEqual([]);
  });

  it("is the table docs/architecture.md draws", () => {
    const documented = documentedLayers();
    expect(Object.keys(documented).sort()).toEqual([...folders].sort());
    for (const folder of folders) {
      expect({ folder, allowed: [...(documented[folder] ?? [])].sort() }).toEqual({ folder, allowed: [...layerImports[folder]].sort() });
    }
  });
});
