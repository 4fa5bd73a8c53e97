import { describe, expect, it } from "vitest";
import { UsageError, type CliCommand, type CliContext } from "../../src/cli/cliCommand";
import { runCli } from "../../src/cli/runCli";
import { ConfigError } from "../../src/config/configError";
import { TextBuffer } from "../support/textBuffer";

interface TestContext extends CliContext {
  readonly stdout: TextBuffer;
  readonly stderr: TextBuffer;
}

function context(abortSignal: AbortSignal = new AbortController().signal): TestContext {
  return { env: {}, stdout: new TextBuffer(), stderr: new TextBuffer(), readStdin: () => Promise.resolve(""), abortSignal };
}

function failingWith(error: Error): CliCommand {
  return { name: "fail", summary: "fails", help: "Usage: fail\n", run: () => Promise.reject(error) };
}

const ok: CliCommand = { name: "ok", summary: "succeeds", help: "Usage: ok\n", run: () => Promise.resolve(0) };

describe("runCli", () => {
  it("runs the named command and returns its exit code", async () => {
    expect(await runCli(["ok"], context(), [ok])).toBe(0);
  });

  it("lists the commands on stderr and exits 2 when none is given", async () => {
    const ctx = context();

    expect(await runCli([], ctx, [ok])).toBe(2);
    expect(ctx.stderr.text).toContain("ok  succeeds");
  });

  it("prints a command's help for 'help <command>'", async () => {
    const ctx = context();

    expect(await runCli(["help", "ok"], ctx, [ok])).toBe(0);
    expect(ctx.stdout.text).toBe("Usage: ok\n");
  });

  it("exits 2 on an unknown command, listing the known ones", async () => {
    const ctx = context();

    expect(await runCli(["enqueue"], ctx, [ok])).toBe(2);
    expect(ctx.stderr.text).toContain('unknown command "enqueue". Commands: ok.');
  });

  it("reports a usage error with a pointer to the command's help and exits 2", async () => {
    const ctx = context();

    expect(await runCli(["fail"], ctx, [failingWith(new UsageError("--x is wrong."))])).toBe(2);
    expect(ctx.stderr.text).toBe("entra-reprocess fail: --x is wrong.\nSee 'entra-reprocess fail --help'.\n");
  });

  it("reports a configuration error naming the setting, and --cloud for GRAPH_CLOUD, and exits 2", async () => {
    const ctx = context();

    expect(await runCli(["fail"], ctx, [failingWith(new ConfigError("GRAPH_CLOUD", "is required."))])).toBe(2);
    expect(ctx.stderr.text).toContain("GRAPH_CLOUD: is required. (or pass --cloud)");
  });

  it("reports a credential that cannot get a token as a setup problem, exit 2, with how to sign in", async () => {
    const ctx = context();
    const error = Object.assign(new Error("Azure CLI could not be found."), { name: "CredentialUnavailableError" });

    expect(await runCli(["fail"], ctx, [failingWith(error)])).toBe(2);
    expect(ctx.stderr.text).toContain("az login");
  });

  it("exits 130 when a command fails because it was interrupted", async () => {
    const interrupt = new AbortController();
    interrupt.abort();

    expect(await runCli(["fail"], context(interrupt.signal), [failingWith(new Error("aborted"))])).toBe(130);
  });

  it("exits 1 on an unexpected error, with its message", async () => {
    const ctx = context();

    expect(await runCli(["fail"], ctx, [failingWith(new Error("boom"))])).toBe(1);
    expect(ctx.stderr.text).toContain("unexpected error: boom");
  });
});
