import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnNode, type ProcessResult } from "../support/spawnedProcess";

function runChild(kind: "sdkPolicy" | "graphPipeline"): Promise<ProcessResult> {
  return spawnNode(resolve("node_modules/tsx/dist/cli.mjs"), [resolve("test/support/idleTokenRenewalChild.ts"), kind], {
    PATH: process.env.PATH ?? "",
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? "",
  }).result;
}

// The SDK's bearer policy renews a token in the background and awaits that renewal only when a
// request needs it. A process that goes idle while the identity endpoint refuses is ended by the
// renewal's last failure, which nobody handles. These run both ways in child processes, over HTTPS.
describe("an idle process whose token expires while the identity endpoint refuses", { timeout: 30_000 }, () => {
  it("is ended by the SDK's bearer policy on its own, through an unhandled rejection", async () => {
    const run = await runChild("sdkPolicy");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("identity endpoint refused token request");
    expect(run.stdout).not.toContain("survived");
  });

  it("survives behind the app's Graph pipeline, which renews ahead and catches every failure", async () => {
    const run = await runChild("graphPipeline");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The pipeline did try to renew (and was refused) before the token expired.
    expect(run.stdout).toMatch(/survived; token asked for ([2-9]|\d\d+) times/);
  });
});
