import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleApp } from "../../../scripts/packaging/bundleApp";
import { hostStartSettings } from "../../support/host/hostStartSettings";
import { loadMainInFreshProcess, type HostLoadResult, type RegisteredFunction } from "../../support/host/loadMainInFreshProcess";

// Under the project root so the plain output resolves node_modules as it does in dist/; a
// directory of its own so test files running in parallel never read each other's half-written builds.
const workDir = `.cache/test-shipped-${process.pid}`;

/** Binding names carry a random suffix per load; everything else must match exactly. */
function comparable(registrations: readonly RegisteredFunction[]): unknown[] {
  return registrations
    .map((fn) => ({
      name: fn.name,
      bindings: Object.values(fn.bindings)
        .map((binding) => JSON.stringify({ ...binding, name: undefined }))
        .sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe("the shipped bundle", () => {
  let plain: HostLoadResult;
  let shipped: HostLoadResult;

  beforeAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    execFileSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", join(workDir, "plain")], { stdio: "inherit" });
    await bundleApp({ entryPoint: resolve("src/index.ts"), outFile: join(workDir, "shipped", "index.js") });
    [plain, shipped] = await Promise.all([
      loadMainInFreshProcess(hostStartSettings, `${workDir}/plain/index.js`),
      loadMainInFreshProcess(hostStartSettings, `${workDir}/shipped/index.js`),
    ]);
  }, 120_000);
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("loads without error under the host", () => {
    expect(shipped.stderr).toBe("");
    expect(shipped.exitCode).toBe(0);
  });

  it("declares the same programming model as the plain build", () => {
    expect(shipped.programmingModel).toEqual(plain.programmingModel);
  });

  it("registers every function the plain build registers, with the same bindings", () => {
    expect(plain.registrations.length).toBeGreaterThan(0);
    expect(comparable(shipped.registrations)).toEqual(comparable(plain.registrations));
  });
});
