import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmqpPeer } from "../../support/amqp/amqpPeer";

const projectRoot = resolve(__dirname, "../../..");
const startMs = 60_000;

async function waitFor(text: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(text());
    if (match !== null) return match;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(pattern)} in:\n${text()}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

describe("the local host serving a fixture app with a timer and a queue trigger", () => {
  let peer: AmqpPeer;
  let host: ChildProcessWithoutNullStreams;
  let stdout = "";
  let origin = "";

  beforeAll(async () => {
    peer = await AmqpPeer.start({ queues: [{ name: "fixture-queue", maxDeliveryCount: 3 }] });
    host = spawn(
      process.execPath,
      ["--require", join(projectRoot, "test/support/host/functionsHostShim.cjs"), "--import", "tsx", join(projectRoot, "scripts/localHost/localHostMain.ts"), "--port", "0", "--main", "test/scripts/localHost/fixtureApp.ts"],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? "", FIXTURE_SCHEDULE: "*/2 * * * * *", FIXTURE_QUEUE: "fixture-queue", FixtureServiceBus: peer.connectionString } },
    );
    host.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    host.stderr.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    origin = (await waitFor(() => stdout, /Local host listening on (\S+) /, startMs))[1] ?? "";
  }, startMs + 5_000);

  afterAll(async () => {
    host.kill("SIGKILL");
    await peer.close();
  });

  it("fires the timer on its schedule, resolved from its %SETTING%, with the status the host holds before the run: next is the occurrence firing, last the host's year-1 default", async () => {
    const [, firedAt = "0", json = "{}"] = await waitFor(() => stdout, /\[fixtureTimer\] information: timer fired at (\d+) (\{.*\})/, 10_000);
    // "*/2 * * * * *": the occurrence firing is the even second the run started in.
    const firingMs = Number(firedAt) - (Number(firedAt) % 2_000);

    expect(JSON.parse(json)).toEqual({
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: "0001-01-01T00:00:00.000Z", next: new Date(firingMs).toISOString(), lastUpdated: expect.any(String) as unknown },
    });
    expect(stdout).toMatch(/fixtureTimer \(schedule\) -> succeeded; next \S+ in \d+ ms/);
  });

  it("runs the timer at once on Core Tools' admin endpoint", async () => {
    const response = await fetch(`${origin}/admin/functions/fixtureTimer`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal: AbortSignal.timeout(10_000) });

    expect(response.status).toBe(202);
    await waitFor(() => stdout, /fixtureTimer \(admin request\) -> succeeded/, 10_000);
  });

  it("abandons a message whose invocation threw, so the queue delivers it again and the second delivery completes it", async () => {
    peer.enqueue("fixture-queue", { body: { n: 1 }, messageId: "m-1" });

    await waitFor(() => stdout, /fixtureQueue \(message m-1, delivery 2\) -> completed/, 20_000);
    expect(stdout).toMatch(/fixtureQueue \(message m-1, delivery 1\) -> threw Error: first delivery fails; abandoned/);
    expect(peer.messages("fixture-queue")).toEqual([]);
  }, 30_000);
});
