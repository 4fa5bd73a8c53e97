import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExecutable } from "./findExecutable";

describe("findExecutable", () => {
  let first: string;
  let second: string;

  beforeAll(() => {
    first = mkdtempSync(join(tmpdir(), "path-a-"));
    second = mkdtempSync(join(tmpdir(), "path-b-"));
    writeFileSync(join(first, "func"), "not executable");
    writeFileSync(join(second, "func"), "#!/bin/sh\n");
    chmodSync(join(second, "func"), 0o755);
  });
  afterAll(() => {
    rmSync(first, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  it("finds the first executable of that name on PATH, skipping files that are not executable", () => {
    expect(findExecutable("func", { PATH: [first, second].join(delimiter) }, "linux")).toBe(join(second, "func"));
  });

  it("answers undefined when no PATH directory has it", () => {
    expect(findExecutable("func", { PATH: first }, "linux")).toBeUndefined();
  });

  it("tries PATHEXT's extensions on Windows, as an npm-installed func.cmd needs", () => {
    writeFileSync(join(first, "tool.CMD"), "@echo off\r\n");

    expect(findExecutable("tool", { Path: first, PATHEXT: ".EXE;.CMD" }, "win32")).toBe(join(first, "tool.CMD"));
  });
});
