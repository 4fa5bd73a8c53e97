import type { CliCommand } from "./cliCommand";
import { enqueueCommand } from "./commands/enqueueCommand";
import { grantPermissionCommand } from "./commands/grantPermissionCommand";
import { parkedCommand } from "./commands/parkedCommand";
import { reprocessCommand } from "./commands/reprocessCommand";

/** Every subcommand, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [reprocessCommand, enqueueCommand, parkedCommand, grantPermissionCommand];
