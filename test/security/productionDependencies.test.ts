import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const projectRoot = resolve(__dirname, "../..");

interface PackageJson {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

interface LockedPackage {
  readonly version?: string;
  readonly integrity?: string;
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

interface PackageLock {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockedPackage>>;
}

interface ListedDependency {
  readonly name: string;
  readonly version: string;
  readonly reason: string;
}

const packageJson = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as PackageJson;
const lock = JSON.parse(readFileSync(join(projectRoot, "package-lock.json"), "utf8")) as PackageLock;
const dependencies = Object.entries(packageJson.dependencies);

// Everything the app runs with can act with its identity's Graph permission: each production
// dependency is a decision, so adding one past this many should make someone stop and ask.
const mostProductionDependencies = 10;

/** Rows of the table under docs/security.md's "## Production dependencies" heading. */
function documentedDependencies(): ListedDependency[] {
  const securityDoc = readFileSync(join(projectRoot, "docs/security.md"), "utf8");
  const heading = "## Production dependencies";
  if (!securityDoc.includes(heading)) return [];
  const start = securityDoc.indexOf(heading);
  const end = securityDoc.indexOf("\n#", start + heading.length);
  const section = end < 0 ? securityDoc.slice(start) : securityDoc.slice(start, end);
  return [...section.matchAll(/^\| `([^`]+)` \| ([^|]+?) \| (.*?) \|$/gm)].map((match) => ({ name: match[1] ?? "", version: (match[2] ?? "").trim(), reason: (match[3] ?? "").trim() }));
}

describe("the production dependencies", () => {
  it("are pinned to exact versions in package.json", () => {
    expect(dependencies.filter(([, version]) => !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))).toEqual([]);
  });

  it("are few", () => {
    expect(dependencies.length).toBeLessThanOrEqual(mostProductionDependencies);
  });

  it("are recorded in a lockfile whose root lists exactly package.json's dependencies", () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(lock.packages[""]?.dependencies).toEqual(packageJson.dependencies);
    expect(lock.packages[""]?.devDependencies).toEqual(packageJson.devDependencies);
  });

  it("each resolve in the lockfile to the version package.json pins, as a production package", () => {
    const locked = dependencies.map(([name]) => [name, lock.packages[`node_modules/${name}`]?.version, lock.packages[`node_modules/${name}`]?.dev ?? false]);
    expect(locked).toEqual(dependencies.map(([name, version]) => [name, version, false]));
  });

  // The lockfile leaves the registry to npm's configuration (no `resolved` URLs), so the
  // integrity hash is what makes `npm ci` install exactly the locked bytes, from any mirror.
  it("and everything they bring in, are locked with a sha512 integrity hash", () => {
    const production = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && entry.dev !== true && entry.link !== true);
    expect(production.length).toBeGreaterThan(dependencies.length);
    const unverifiable = production.filter(([, entry]) => entry.integrity?.startsWith("sha512-") !== true);
    expect(unverifiable.map(([path]) => path)).toEqual([]);
  });

  it("are each listed in docs/security.md with the pinned version and the reason it is there, and nothing else is", () => {
    const listed = documentedDependencies();
    expect(listed.map(({ name, version }) => [name, version]).sort()).toEqual(dependencies.map(([name, version]) => [name, version]).sort());
    expect(listed.filter(({ reason }) => reason.length < 20)).toEqual([]);
  });
});
