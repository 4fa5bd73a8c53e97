import { isCredentialFailure } from "../cliServices";
import { ConfigError } from "../config/configError";
import { serviceBusConnectionSetting } from "../config/serviceBusConnection";
import { closestName } from "./closestName";
import { UsageError, exitCode, type CliCommand, type CliContext } from "./cliCommand";
import { enqueueCommand } from "./enqueue/enqueueCommand";
import { grantPermissionCommand } from "./grantPermission/grantPermissionCommand";
import { parkedCommand } from "./parked/parkedCommand";
import { healCommand } from "./heal/healCommand";
import { reprocessCommand } from "./reprocess/reprocessCommand";
import { reprocessRequestCommand } from "./reprocessRequest/reprocessRequestCommand";
import { classifySetupFailure, isSetupFailureError, type SetupFailure } from "./setupFailure";

export const programName = "entra-reprocess";

/** Every subcommand, in the order `--help` lists them. */
const cliCommands: readonly CliCommand[] = [reprocessCommand, reprocessRequestCommand, healCommand, enqueueCommand, parkedCommand, grantPermissionCommand];

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: ${programName} <command> [options]

Operators' tool for the Entra assignment reprocessor: the same core, configuration and
credential as the app, from a terminal.

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n")}

Run '${programName} <command> --help' for a command's options and examples.

Settings come from the environment, as for the app (GRAPH_CLOUD, GRAPH_BASE_URL,
GRAPH_CREDENTIAL, AZURE_TENANT_ID, GRAPH_REQUEST_TIMEOUT_MS, ...); --cloud overrides
GRAPH_CLOUD. Outside Azure the credential is the Azure CLI's login (az login).

Exit codes: 0 success; 1 some items failed or Graph refused; 2 usage, configuration or
credential error; 130 interrupted.
`;
}

/**
 * Dispatches to a subcommand and turns what it throws into a message and an exit code, so every
 * command fails the same way: a usage or configuration error names the flag or setting to fix.
 */
export async function runCli(args: readonly string[], context: CliContext, commands: readonly CliCommand[] = cliCommands): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? commands.find((command) => command.name === rest[0]) : undefined;
    (name === undefined ? context.stderr : context.stdout).write(topic?.help ?? overview(commands));
    return name === undefined ? exitCode.usageOrConfig : exitCode.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const suggestion = closestName(name, commands.map((c) => c.name));
    const didYouMean = suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`;
    context.stderr.write(`${programName}: unknown command ${JSON.stringify(name)}.${didYouMean} Commands: ${commands.map((c) => c.name).join(", ")}. See '${programName} --help'.\n`);
    return exitCode.usageOrConfig;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    return reportFailure(command, error, context);
  }
}

/**
 * Graph clients and the queue sender throw SetupFailureErrors already classified with the setting
 * that chose their host (cliServices). What reaches here raw comes from the Service Bus receivers
 * of `parked` (a credential error, a namespace that does not resolve), so that is the setting named.
 */
function setupFailureOf(error: unknown): SetupFailure | undefined {
  if (isSetupFailureError(error)) return error.failure;
  return classifySetupFailure(error, { hostSetting: serviceBusConnectionSetting, isCredentialFailure });
}

function reportFailure(command: CliCommand, error: unknown, context: CliContext): number {
  const prefix = `${programName} ${command.name}`;
  if (error instanceof UsageError) {
    context.stderr.write(`${prefix}: ${error.message}\nSee '${prefix} --help'.\n`);
    return exitCode.usageOrConfig;
  }
  if (error instanceof ConfigError) {
    const hint = error.setting === "GRAPH_CLOUD" ? " (or pass --cloud)" : "";
    context.stderr.write(`${prefix}: setting ${error.message}${hint}\n`);
    return exitCode.usageOrConfig;
  }
  const setup = setupFailureOf(error);
  if (setup !== undefined) {
    context.stderr.write(`${prefix}: ${setup.message}\n${setup.fix}\n`);
    return exitCode.usageOrConfig;
  }
  if (context.abortSignal.aborted) {
    context.stderr.write(`${prefix}: interrupted.\n`);
    return exitCode.interrupted;
  }
  context.stderr.write(`${prefix}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return exitCode.someFailed;
}
