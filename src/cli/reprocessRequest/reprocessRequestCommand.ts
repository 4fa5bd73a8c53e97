import { createCliDeliveryReader, createCliRequestServices } from "../../cliServices";
import { parseAssignmentRequestId } from "../../shared/guid";
import type { CliCommand } from "../cliCommand";
import { commonOptionsHelp } from "../commandArgs";
import { reprocessByIdCommand, waitOptionsHelp } from "../reprocessRun";

const requestsPath = "/v1.0/identityGovernance/entitlementManagement/assignmentRequests";

const help = `Usage: entra-reprocess reprocess-request [options] <id...>
       entra-reprocess reprocess-request [options] --file <ids.txt|ids.csv>

Asks Microsoft Graph to reprocess each access package assignment request whose delivery failed,
through the same core as the webhook and the queue: id check, a read of the request's state and
completion time, then the reprocess. Graph reprocesses only a request in deliveryFailed or
partiallyDelivered that completed at most 14 days ago; any other comes back notReprocessable,
with the state or the completion time. Prints one result per id.

Ids:
  <id...>               Assignment request ids (GUIDs).
  -f, --file <path>     Read ids from a file ("-" for stdin); may be repeated. Same format as
                        'reprocess --file': one per line, or the CSV column "id" if there is one.

Options:
  --concurrency <n>     Ids in flight at once (1-32, default 4).
  --max-attempts <n>    Attempts per id while Graph throttles (429) or is unavailable (5xx,
                        network) (1-20, default 5); the whole pool pauses between attempts.
  --json                A JSON array of results on stdout instead of the table.
  --dry-run             Validate the ids and show the calls that would be made. No Graph call,
                        no token.
${waitOptionsHelp}
${commonOptionsHelp}

Output: a table on stdout (request id, outcome, attempts, Graph request-id, detail) and a summary
line. Progress on stderr: a bar on a terminal, else one "done/total" line every 5 s.

Exit codes: 0 every id accepted (dry run: every id valid; --wait: every id delivered); 1 some
id did not end accepted (--wait: delivered);
2 usage, configuration or setup error (no token, untrusted certificate, a host that does not
resolve: nothing retried, the fix printed); 130 interrupted by Ctrl+C.

Examples:
  entra-reprocess reprocess-request 7d3a6f10-2b4c-4e8d-9f01-5a6b7c8d9e0f
  entra-reprocess reprocess-request --file failed-requests.csv --json > results.json
`;

export const reprocessRequestCommand: CliCommand = reprocessByIdCommand({
  name: "reprocess-request",
  summary: "Reprocess assignment requests whose delivery failed, by id (arguments or --file)",
  help,
  idHeading: "REQUEST ID",
  idsNoun: "assignment request ids",
  parseId: parseAssignmentRequestId,
  checkStateFlag: false,
  plannedCalls: (id, config) => {
    const url = `${config.graph.baseUrl}${requestsPath}/${id}`;
    return `GET ${url}?$select=id,state,completedDateTime, then POST ${url}/reprocess`;
  },
  createReprocessOne: (config) => {
    const { reprocessor } = createCliRequestServices(config);
    return (rawId, abortSignal) => reprocessor.reprocess(rawId, { abortSignal });
  },
  target: "assignmentRequest",
  createReadOne: (config, target) => {
    const reader = createCliDeliveryReader(config);
    return (id, abortSignal) => reader.read(target, id, { abortSignal });
  },
});
