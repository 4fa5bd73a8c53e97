import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExecutable } from "./findExecutable";
import { unknownAssignmentId } from "./localCurlExamples";

const projectRoot = resolve(__dirname, "../../..");
const startMs = 150_000;

/** What `npm start` printed as `NAME=value` lines: the settings a user copies. */
function printedSettings(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^([A-Za-z_]+)=(\S+)$/gm)].map((match) => [match[1] ?? "", match[2] ?? ""]));
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once("error", () => {
      resolvePromise(true);
    });
  });
}

function processesInGroup(pgid: number): string {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "-g", String(pgid)], { encoding: "utf8" }).trim();
  } catch {
    return ""; // ps exits 1 when it lists nothing
  }
}

describe("npm start without Core Tools on PATH", () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = "";
  let origin = "";
  let settings: Record<string, string> = {};
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    // Node, npm and the shell's basics, and certainly no func.
    const npm = findExecutable("npm", process.env);
    if (npm === undefined) throw new Error("npm is not on PATH");
    const path = [dirname(process.execPath), dirname(npm), "/usr/bin", "/bin"].join(":");
    expect(findExecutable("func", { PATH: path })).toBeUndefined();
    // Its own process group, as a terminal gives a foreground job: Ctrl+C signals the whole group.
    child = spawn(npm, ["start", "--", "--port", "0"], {
      cwd: projectRoot,
      detached: true,
      env: { PATH: path, HOME: process.env.HOME ?? "/tmp", GRAPH_EMULATOR_PORT: "0", IDENTITY_EMULATOR_PORT: "0", AMQP_PEER_PORT: "0" },
    });
    exited = new Promise((resolveExit) => child.on("exit", (code, signal) => {
      resolveExit({ code, signal });
    }));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const deadline = Date.now() + startMs;
    while (!/Ready: the app is served on (\S+)\/api\//.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not get ready:\n${stdout}`);
      await new Promise((wake) => setTimeout(wake, 200));
    }
    origin = /Ready: the app is served on (\S+)\/api\//.exec(stdout)?.[1] ?? "";
    settings = printedSettings(stdout);
  }, startMs + 10_000);

  afterAll(() => {
    if (child.pid !== undefined && processesInGroup(child.pid) !== "") process.kill(-child.pid, "SIGKILL");
  });

  it("says it is the built-in local host and not the Functions runtime", () => {
    expect(stdout).toContain("built-in local host (scripts/localHost), NOT the Azure Functions runtime");
  });

  it("prints one curl per route", () => {
    expect(stdout).toContain(`curl -i -X POST ${origin}/api/assignments/`);
    expect(stdout).toContain(`curl -i -X POST ${origin}/api/reprocess -H 'content-type: application/json'`);
  });

  it("answers 202 on the assignment route for a seeded delivered assignment", async () => {
    const response = await fetch(`${origin}/api/assignments/00000100-a551-4000-8000-000000000002/reprocess`, { method: "POST", signal: AbortSignal.timeout(20_000) });

    expect(response.status).toBe(202);
  });

  it("answers 404 with assignmentNotFound for an assignment that does not exist", async () => {
    const response = await fetch(`${origin}/api/assignments/${unknownAssignmentId}/reprocess`, { method: "POST", signal: AbortSignal.timeout(20_000) });

    expect(response.status).toBe(404);
    expect(await response.text()).toContain("assignmentNotFound");
  });

  it("logs one line per invocation naming the function, its outcome and its duration", () => {
    expect(stdout).toMatch(/reprocessAssignment \(POST \/api\/assignments\/[^)]+\) -> 202 in \d+ ms/);
  });

  it("parks an unknown id sent in a batch, through the local queue trigger, as entra-reprocess parked list shows", async () => {
    const response = await fetch(`${origin}/api/reprocess`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assignmentIds: ["00000100-a551-4000-8000-000000000005", unknownAssignmentId] }),
      signal: AbortSignal.timeout(20_000),
    });
    expect(response.status).toBe(202);

    // The CLI npm start just built, with the settings it printed, as a user would paste them.
    let listed = "";
    for (let attempt = 0; attempt < 40 && !listed.includes(unknownAssignmentId); attempt += 1) {
      await new Promise((wake) => setTimeout(wake, 500));
      listed = execFileSync(process.execPath, [join(projectRoot, "dist/cli/main.js"), "parked", "list"], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? "", ...settings, GRAPH_CREDENTIAL: "managedIdentity" },
        encoding: "utf8",
        timeout: 30_000,
      });
    }

    expect(listed).toMatch(new RegExp(`notFound .*${unknownAssignmentId}`));
    expect(stdout).toMatch(/reprocessQueue \(message \S+, delivery 1\) -> completed in \d+ ms/);
  }, 60_000);

  it("stops every process it started and frees every port on Ctrl+C", async () => {
    const pgid = child.pid ?? 0;
    const ports = [new URL(origin).port, new URL(settings.GRAPH_BASE_URL ?? "").port, new URL(settings.IDENTITY_ENDPOINT ?? "").port, /sb:\/\/[^:]+:(\d+)/.exec(settings.ServiceBusConnection ?? "")?.[1] ?? ""].map(Number);
    expect(ports.every((port) => port > 0)).toBe(true);

    process.kill(-pgid, "SIGINT");
    const { code, signal } = await exited;
    // npm may exit before its children have; give the group a moment to finish going.
    for (let wait = 0; wait < 50 && processesInGroup(pgid) !== ""; wait += 1) await new Promise((wake) => setTimeout(wake, 200));

    expect(processesInGroup(pgid)).toBe("");
    expect(await Promise.all(ports.map(portRefuses))).toEqual([true, true, true, true]);
    // npm re-raises the SIGINT its script ended on, as a shell expects of a job stopped by Ctrl+C.
    expect({ code, signal }).toEqual(signal === null ? { code: 0, signal: null } : { code: null, signal: "SIGINT" });
    expect(stdout).toContain("Local host stopped.");
    expect(stdout).toContain("npm start: stopped the host and the emulators.");
  }, 30_000);
});
