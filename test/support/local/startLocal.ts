// `npm start`: one command from a fresh clone to a running app. Builds, starts the seeded Graph
// emulator and the AMQP test peer (as ServiceBusConnection, for the queue trigger and the batch
// endpoint), makes sure local.settings.json exists, then runs the app until Ctrl+C: on the real
// host (`func start`) when Azure Functions Core Tools is on PATH, else on the built-in local host.
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { coreToolsInstallHelp } from "./coreToolsInstallHelp";
import { describeLocalEmulator } from "./describeLocalEmulator";
import { findExecutable } from "./findExecutable";
import { functionsHostEnvironment } from "../host/functionsHostEnvironment";
import { startLocalEmulator, type LocalEmulator } from "./localEmulator";
import { ensureLocalSettings } from "../host/localSettingsFile";
import { TokenIssuer } from "../identity/tokenIssuer";
import { localSettingsValues } from "./localSettingsValues";
import { runCoreTools } from "./runCoreTools";
import { runLocalHost } from "./runLocalHost";

const projectRoot = resolve(__dirname, "../../..");

function build(): void {
  process.stdout.write("Building (tsc -p tsconfig.build.json)...\n");
  execFileSync(process.execPath, [join(projectRoot, "node_modules/typescript/bin/tsc"), "-p", join(projectRoot, "tsconfig.build.json")], {
    cwd: projectRoot,
    stdio: "inherit",
  });
}

function hostPort(args: readonly string[]): string {
  const index = args.indexOf("--port");
  return (index === -1 ? undefined : args[index + 1]) ?? "7071";
}

function describeSettings(local: LocalEmulator, hostName: string): string {
  const watched = ["GRAPH_CLOUD", "GRAPH_BASE_URL", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "ServiceBusConnection"];
  const expected = Object.fromEntries(Object.entries(local.settings).filter(([name]) => watched.includes(name)));
  const settings = ensureLocalSettings(projectRoot, { ...expected, GRAPH_CREDENTIAL: "managedIdentity" });
  if (settings.status === "created") {
    return `Created local.settings.json from local.settings.sample.json (git-ignored; edit it freely).\n`;
  }
  const differing =
    settings.differing.length === 0
      ? ""
      : ` Its ${settings.differing.join(", ")} differ from the emulator's; for this run the emulator's values are passed through the environment, which ${hostName} prefers to the file.`;
  return `Using your existing local.settings.json (not overwritten).${differing}\n`;
}

function coreToolsCurlExamples(local: LocalEmulator, port: string): string {
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
  const args = process.argv.slice(2);
  if (func === undefined) process.stdout.write(`${coreToolsInstallHelp}\n`);
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
  const settings = { ...local.settings, ...(issuer?.settings() ?? {}) };
  const authNote = issuer === undefined ? "" : `Token issuer: ${issuer.metadataUrl}\nHTTP_AUTH=entra: add -H "Authorization: Bearer $(npm run -s token)" to each curl below.\n`;
  try {
    if (func !== undefined) {
      process.stdout.write(`${describeLocalEmulator(local)}${describeSettings(local, "Core Tools")}${authNote}\n${coreToolsCurlExamples(local, hostPort(args))}\nStarting ${func} start ${args.join(" ")}\n\n`);
      return await runCoreTools(func, args, functionsHostEnvironment(process.env, settings));
    }
    const ignored = args.filter((arg, index) => arg !== "--port" && args[index - 1] !== "--port");
    if (ignored.length > 0) process.stdout.write(`The local host takes only --port; ignoring ${ignored.join(" ")}.\n`);
    process.stdout.write(`${describeLocalEmulator(local)}${describeSettings(local, "the local host, like Core Tools,")}${authNote}\nStarting the built-in local host...\n\n`);
    const env = functionsHostEnvironment({ ...localSettingsValues(projectRoot), ...process.env }, settings);
    return await runLocalHost({ local, env, port: hostPort(args) });
  } finally {
    await issuer?.close();
    await local.close();
  }
}

main().then(
  (code) => {
    process.stdout.write("npm start: stopped the host and the emulators.\n");
    // Exit now: nothing of npm start may linger after Ctrl+C, whatever handle a library left open.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
