import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deferredModules, deferredModulesPlugin } from "../../../scripts/packaging/deferredModules";

const workDir = resolve(`.cache/test-deferred-${process.pid}`);

// Imports the deferred packages the way their real importers do (an ESM default import, named
// imports), reports which built-ins were loaded before and after first use, and uses them.
const entry = `
import jwt from "jsonwebtoken";
import { HttpsProxyAgent } from "https-proxy-agent";
const loaded = () => process.moduleLoadList.filter((name) => name === "NativeModule assert" || name === "NativeModule tty");
const before = loaded();
const token = jwt.sign({ sub: "x" }, "secret", { algorithm: "HS256" });
const verified = jwt.verify(token, "secret").sub;
const agent = new HttpsProxyAgent("http://127.0.0.1:1");
console.log(JSON.stringify({ before, after: loaded(), verified, isAgent: typeof agent.addRequest === "function" }));
`;

describe("deferred modules in the bundle", () => {
  let report: { before: string[]; after: string[]; verified: string; isAgent: boolean };

  beforeAll(async () => {
    mkdirSync(workDir, { recursive: true });
    writeFileSync(join(workDir, "entry.mjs"), entry);
    await build({
      entryPoints: [join(workDir, "entry.mjs")],
      outfile: join(workDir, "out.js"),
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node22",
      plugins: [deferredModulesPlugin()],
      logLevel: "silent",
    });
    report = JSON.parse(execFileSync(process.execPath, [join(workDir, "out.js")], { encoding: "utf8" })) as typeof report;
  }, 60_000);
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("are listed with every export their package has", () => {
    const load = createRequire(join(resolve("node_modules"), "@typespec", "ts-http-runtime", "package.json"));
    for (const [name, exported] of Object.entries(deferredModules)) {
      expect([...exported].sort(), name).toEqual(Object.keys(load(name) as object).sort());
    }
  });

  it("are not evaluated until one of their exports is first used", () => {
    expect(report.before).toEqual([]);
    expect(report.after).toContain("NativeModule assert");
  });

  it("then behave as the real packages", () => {
    expect(report.verified).toBe("x");
    expect(report.isAgent).toBe(true);
  });
});
