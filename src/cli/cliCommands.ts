import type { CliCommand } from "./cliCommand";
import { grantPermissionCommand } from "./commands/grantPermissionCommand";
import { reprocessCommand } from "./commands/reprocessCommand";

/** Every subcommand, in the order `--help` lists them. The queue commands (enqueue, parked) join here. */
export const cliCommands: readonly CliCommand[] = [reprocessCommand, grantPermissionCommand];
