import { createCliDeliveryReader, createCliReprocessor } from "../../cliServices";
import { parseAssignmentId } from "../../shared/guid";
import type { CliCommand } from "../cliCommand";
import { commonOptionsHelp } from "../commandArgs";
import { reprocessByIdCommand, waitOptionsHelp } from "../reprocessRun";

const assignmentsPath = "/v1.0/identityGovernance/entitlementManagement/assignments";

const help = `Usage: entra-reprocess reprocess [options] <id...>
       entra-reprocess reprocess [options] --file <ids.txt|ids.csv>

Asks Microsoft Graph to reprocess each access package assignment, through the same core as the
webhook (id check, state check, reprocess), and prints one result per id.

Ids:
  <id...>               Assignment ids (GUIDs).
  -f, --file <path>     Read ids from a file ("-" for stdin); may be repeated. One id per line,
                        or CSV: the column headed "id" or "assignmentId" if there is one, else
                        the first column. Blank lines and lines starting with # are skipped; a
                        BOM, CRLF and quoted fields are fine. A repeated id is reprocessed once.

Options:
  --concurrency <n>     Ids in flight at once (1-32, default 4).
  --max-attempts <n>    Attempts per id while Graph throttles (429) or is unavailable (5xx,
                        network) (1-20, default 5). Between attempts the whole pool pauses for
                        the Retry-After Graph gave, or 1 s doubling up to 30 s without one.
  --no-check-state      Skip the GET ...?$select=id,state before each reprocess (default: check,
                        unless REPROCESS_CHECK_STATE=false).
  --json                A JSON array of results on stdout instead of the table.
  --dry-run             Validate the ids and show the calls that would be made. No Graph call,
                        no token.
${waitOptionsHelp}
${commonOptionsHelp}

Output: a table on stdout (assignment id, outcome, attempts, Graph request-id, detail) and a
summary line. Progress on stderr: a bar on a terminal, else one "done/total" line every 5 s.

Exit codes: 0 every id accepted (dry run: every id valid; --wait: every id delivered); 1 some
id did not end accepted (--wait: delivered);
2 usage, configuration or credential error (nothing attempted); 130 interrupted by Ctrl+C (the
results so far are printed, the rest marked cancelled).

Examples:
  entra-reprocess reprocess d82eb508-acc4-43cc-bcf1-7c1c4a2c073b
  entra-reprocess reprocess --file ids.csv --concurrency 8 --json > results.json
  entra-reprocess reprocess --cloud USGov --dry-run --file ids.txt
`;

export const reprocessCommand: CliCommand = reprocessByIdCommand({
  name: "reprocess",
  summary: "Reprocess assignments by id (arguments or --file), directly against Graph",
  help,
  idHeading: "ASSIGNMENT ID",
  idsNoun: "assignment ids",
  parseId: parseAssignmentId,
  checkStateFlag: true,
  plannedCalls: (id, config, checkState) => {
    const url = `${config.graph.baseUrl}${assignmentsPath}/${id}`;
    return `${checkState ? `GET ${url}?$select=id,state, then ` : ""}POST ${url}/reprocess`;
  },
  createReprocessOne: (config, checkState) => {
    const reprocessor = createCliReprocessor(config);
    return (rawId, abortSignal) => reprocessor.reprocess(rawId, { checkState, abortSignal });
  },
  target: "assignment",
  createReadOne: (config, target) => {
    const reader = createCliDeliveryReader(config);
    return (id, abortSignal) => reader.read(target, id, { abortSignal });
  },
});
