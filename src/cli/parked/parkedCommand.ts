import { UsageError, exitCode, type CliCommand } from "../cliCommand";
import { parkedListHelp, runParkedList } from "./parkedList";
import { parkedReplayHelp, runParkedReplay } from "./parkedReplay";

const help = `Usage: entra-reprocess parked list [options]
       entra-reprocess parked replay [options]

The parked queue (REPROCESS_PARKED_QUEUE_NAME, default "reprocess-parked"): messages the queue
gave up on, each with its reason, description, attempts and Graph's ids.

${parkedListHelp}
${parkedReplayHelp}`;

export const parkedCommand: CliCommand = {
  name: "parked",
  summary: "List parked queue messages (parked list) or move them back to the queue (parked replay)",
  help,
  run: async (args, context) => {
    const [action, ...rest] = args;
    switch (action) {
      case "list":
        return runParkedList(rest, context);
      case "replay":
        return runParkedReplay(rest, context);
      case "--help":
      case "-h":
        context.stdout.write(help);
        return Promise.resolve(exitCode.ok);
      default:
        throw new UsageError(action === undefined ? "say what to do: parked list, or parked replay." : `unknown action ${JSON.stringify(action)}: use parked list or parked replay.`);
    }
  },
};
