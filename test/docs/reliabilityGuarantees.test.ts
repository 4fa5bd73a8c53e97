import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const projectRoot = resolve(__dirname, "../..");
const reliability = readFileSync(join(projectRoot, "docs/reliability.md"), "utf8");

interface GuaranteeRow {
  readonly promise: string;
  readonly proof: string;
}

/** Rows of the table under docs/reliability.md's "## Guarantees" heading: a promise and the tests that prove it. */
function guaranteeRows(): GuaranteeRow[] {
  const start = reliability.indexOf("\n## Guarantees\n");
  const end = reliability.indexOf("\n## ", start + 1);
  const section = reliability.slice(start, end === -1 ? undefined : end);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| promise |"))
    .map((line) => {
      const cells = line.slice(2, -2).split(" | ");
      return { promise: cells.slice(0, -1).join(" | "), proof: cells.at(-1) ?? "" };
    });
}

function citedPaths(proof: string): string[] {
  return [...proof.matchAll(/`(test\/[^`]+)`/g)].map((match) => match[1] ?? "");
}

/** Italic test names; "the *is parked at once as …* tests" cites every test whose name starts so. */
function citedTestNames(proof: string): string[] {
  return [...proof.matchAll(/\*([^*]+)\*/g)].map((match) => (match[1] ?? "").split("…", 1)[0]?.trim() ?? "");
}

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Names of `it.each(...)("reaches $status for $name")` tests, as patterns a generated name matches. */
function parameterisedNames(source: string): RegExp[] {
  return [...source.matchAll(/it\.each\([^)]*\)\(\s*"([^"]*[$%][^"]*)"/g)].map((match) => {
    const pattern = (match[1] ?? "")
      .split(/\$[A-Za-z_][\w.]*|%[sdifjo#%]/)
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+");
    return new RegExp(`^${pattern}`);
  });
}

// Shared suites (the chaos checks) declare their tests in test/support for the files that run them.
const supportSources = typeScriptFiles(join(projectRoot, "test/support")).map((path) => readFileSync(path, "utf8"));

const rows = guaranteeRows();

describe("the Guarantees table in docs/reliability.md", () => {
  it("has rows to check", () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
  });

  it.each(rows.map((row) => [row.promise.slice(0, 70), row] as const))("cites a test that exists for: %s", (_, row) => {
    const paths = citedPaths(row.proof);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(existsSync(join(projectRoot, path)), path).toBe(true);
  });

  it.each(rows.map((row) => [row.promise.slice(0, 70), row] as const))("names only tests its cited files declare, for: %s", (_, row) => {
    const files = citedPaths(row.proof)
      .map((path) => join(projectRoot, path))
      .filter((path) => existsSync(path) && statSync(path).isFile());
    const sources = [...files.map((path) => readFileSync(path, "utf8")), ...supportSources];
    const templates = sources.flatMap(parameterisedNames);
    for (const name of citedTestNames(row.proof)) {
      const declared = sources.some((source) => source.includes(`"${name}`) || source.includes(`\`${name}`)) || templates.some((template) => template.test(name));
      expect(declared, `"${name}" in ${files.join(", ")}`).toBe(true);
    }
  });
});
