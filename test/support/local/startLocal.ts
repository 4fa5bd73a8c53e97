// `npm start`: one command from a fresh clone to a working webhook. Checks for Core Tools first
// (before spending time on a build), builds, starts the seeded Graph emulator and the AMQP test
// peer (as ServiceBusConnection, for the queue trigger and the batch endpoint), makes sure
// local.settings.json exists, and runs `func start` against the emulator until Ctrl+C.
import { execFileSync, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { coreToolsInstallHelp } from "./coreToolsInstallHelp";
import { describeLocalEmulator } from "./describeLocalEmulator";
import { findExecutable } from "./findExecutable";
import { functionsHostEnvironment } from "../host/functionsHostEnvironment";
import { startLocalEmulator, type LocalEmulator } from "./localEmulator";
import { ensureLocalSettings } from "../host/localSettingsFile";
import { TokenIssuer } from "../identity/tokenIssuer";

const projectRoot = resolve(__dirname, "../../..");

function build(): void {
  process.stdout.write("Building (tsc -p tsconfig.build.json)...\n");
  execFileSync(process.execPath, [join(projectRoot, "node_modules/typescript/bin/tsc"), "-p", join(projectRoot, "tsconfig.build.json")], {
    cwd: projectRoot,
    stdio: "inherit",
  });
}

function hostPort(funcArgs: readonly string[]): string {
  const index = funcArgs.indexOf("--port");
  return (index === -1 ? undefined : funcArgs[index + 1]) ?? "7071";
}

function describeSettings(local: LocalEmulator): string {
  const watched = ["GRAPH_CLOUD", "GRAPH_BASE_URL", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "ServiceBusConnection"];
  const expected = Object.fromEntries(Object.entries(local.settings).filter(([name]) => watched.includes(name)));
  const settings = ensureLocalSettings(projectRoot, { ...expected, GRAPH_CREDENTIAL: "managedIdentity" });
  if (settings.status === "created") {
    return `Created local.settings.json from local.settings.sample.json (git-ignored; edit it freely).\n`;
  }
  const differing =
    settings.differing.length === 0
      ? ""
      : ` Its ${settings.differing.join(", ")} differ from the emulator's; for this run the emulator's values are passed through the environment, which Core Tools prefers to the file.`;
  return `Using your existing local.settings.json (not overwritten).${differing}\n`;
}

function curlExamples(local: LocalEmulator, port: string): string {
  const url = (id: string): string => `http://localhost:${port}/api/assignments/${id}/reprocess`;
  const delivered = local.seed.idsByState.delivered[0] ?? "";
  const expired = local.seed.idsByState.expired[0] ?? "";
  return [
    "When the host says the functions are loaded, try (locally, Core Tools does not check function keys):",
    `  curl -i -X POST ${url(delivered)}    -> 202 Accepted`,
    `  curl -s -X POST ${url(expired)}    -> 409 assignmentNotDelivered`,
    `  curl -s -X POST ${url("00000000-0000-4000-8000-00000000dead")}    -> 404 assignmentNotFound`,
    `  curl -s -X POST ${url("not-a-guid")}    -> 400 invalidAssignmentId`,
    "",
  ].join("\n");
}

async function main(): Promise<number> {
  const func = findExecutable("func", process.env);
  if (func === undefined) {
    process.stderr.write(coreToolsInstallHelp);
    return 1;
  }
  build();
  let local: LocalEmulator;
  try {
    local = await startLocalEmulator();
  } catch (error) {
    const inUse = error instanceof Error && "code" in error && error.code === "EADDRINUSE";
    process.stderr.write(
      inUse
        ? "The emulators' ports (8443, 8081, 5673) are in use: is another npm start or npm run emulator running? Set GRAPH_EMULATOR_PORT, IDENTITY_EMULATOR_PORT and AMQP_PEER_PORT to use others.\n"
        : `The Graph emulator did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  // HTTP_AUTH=entra npm start: a token issuer beside the emulator, its settings passed through,
  // and tokens for curl from `npm run -s token` (docs/security.md).
  const issuer = process.env.HTTP_AUTH?.toLowerCase() === "entra" ? await TokenIssuer.start({ port: Number(process.env.TOKEN_ISSUER_PORT ?? 8444) }) : undefined;
  const authSettings = issuer?.settings() ?? {};
  const funcArgs = process.argv.slice(2);
  const authNote = issuer === undefined ? "" : `Token issuer: ${issuer.metadataUrl}\nHTTP_AUTH=entra: add -H "Authorization: Bearer $(npm run -s token)" to each curl below.\n`;
  process.stdout.write(`${describeLocalEmulator(local)}${describeSettings(local)}${authNote}\n${curlExamples(local, hostPort(funcArgs))}\nStarting ${func} start ${funcArgs.join(" ")}\n\n`);

  // An npm-installed func on Windows is a .cmd, which only a shell can run.
  const host = spawn(func, ["start", ...funcArgs], {
    cwd: projectRoot,
    stdio: "inherit",
    env: functionsHostEnvironment(process.env, { ...local.settings, ...authSettings }),
    shell: /\.(cmd|bat)$/i.test(func),
  });
  // Ctrl+C reaches func through the terminal's process group; SIGTERM (from a supervisor) does not.
  process.on("SIGINT", () => undefined);
  process.once("SIGTERM", () => host.kill("SIGTERM"));
  const code = await new Promise<number>((resolvePromise) => {
    host.on("error", (error) => {
      process.stderr.write(`Could not run ${func}: ${error.message}\n`);
      resolvePromise(1);
    });
    host.on("exit", (exitCode, signal) => {
      resolvePromise(exitCode ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1));
    });
  });
  await issuer?.close();
  await local.close();
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
