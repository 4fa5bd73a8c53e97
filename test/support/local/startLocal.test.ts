import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnNode, type ProcessResult } from "../spawnedProcess";

describe("npm start (test/support/local/startLocal.ts)", () => {
  let emptyBin: string;
  let result: ProcessResult;

  beforeAll(async () => {
    // A PATH with nothing on it, so there is certainly no func; tsx runs its child with our Node.
    emptyBin = mkdtempSync(join(tmpdir(), "no-func-"));
    result = await spawnNode(resolve("node_modules/tsx/dist/cli.mjs"), [resolve("test/support/local/startLocal.ts")], { PATH: emptyBin }).result;
  });
  afterAll(() => {
    rmSync(emptyBin, { recursive: true, force: true });
  });

  it("exits non-zero when Core Tools is not on PATH", () => {
    expect(result.code).toBe(1);
  });

  it("says how to install Core Tools", () => {
    expect(result.stderr).toContain("npm install --global azure-functions-core-tools@4");
    expect(result.stderr).toContain("https://learn.microsoft.com/azure/azure-functions/functions-run-local");
  });

  it("checks for Core Tools before building anything", () => {
    expect(result.stdout).not.toContain("Building");
  });
});
