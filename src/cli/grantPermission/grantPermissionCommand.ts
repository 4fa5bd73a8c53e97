import { createPermissionClient } from "../../cliServices";
import { isCanonicalGuid } from "../../shared/guid";
import { grantCatalogRole } from "../../permissions/grantCatalogRole";
import { grantGraphAppRole } from "../../permissions/grantGraphAppRole";
import type { GrantResult } from "../../permissions/grantResult";
import type { PrincipalReference } from "../../permissions/principalReference";
import { UsageError, exitCode, printedHelp, type CliCommand } from "../cliCommand";
import { commonOptions, commonOptionsHelp, parseCommandArgs } from "../commandArgs";
import { finishCommand } from "../commandOutput";
import { formatGrantReport, grantReportJson } from "./grantReport";
import { loadCliConfig } from "../loadCliConfig";

const options = {
  ...commonOptions,
  "principal-id": { type: "string" },
  "client-id": { type: "string" },
  catalog: { type: "string" },
} as const;

const help = `Usage: entra-reprocess grant-permission --principal-id <objectId> [options]
       entra-reprocess grant-permission --client-id <clientId> [options]
       entra-reprocess grant-permission --principal-id <objectId> --catalog <catalogId> [options]

The post-provision grant: gives the app's managed identity what it needs to reprocess
assignments. Idempotent: it looks before it writes, and a second run reports "already granted"
and changes nothing. Run it as an administrator (locally: az login; the account needs
Privileged Role Administrator or Global Administrator for the app permission, Identity
Governance Administrator or the catalog's owner for the catalog role).

Without --catalog: the Microsoft Graph application permission EntitlementManagement.ReadWrite.All.
  Finds Microsoft Graph's service principal (appId 00000003-0000-0000-c000-000000000000) in the
  tenant, picks the app role by its value, checks appRoleAssignedTo, and POSTs only if missing.
With --catalog: the least-privilege alternative, the entitlement management role "Access package
  assignment manager" scoped to that catalog only (found by its built-in template id
  e2182095-804a-4656-ae11-64734e9b7ae5 among the tenant's role definitions).

Options:
  --principal-id <id>   Object id of the managed identity's service principal (the identity's
                        "principal id" in Azure).
  --client-id <id>      Or: the identity's client (application) id, looked up to its principal.
  --catalog <id>        Grant the catalog-scoped role on this access package catalog instead.
  --dry-run             Look everything up (GET only) and say what would be granted; change nothing.
  --json                One JSON object on stdout instead of the report.
${commonOptionsHelp}

Exit codes: 0 granted, already granted, or dry run done; 1 Graph refused or something was not
found (the message says what to fix); 2 usage, configuration or credential error.

Examples:
  entra-reprocess grant-permission --principal-id 3f9c2b7a-6d41-4e8a-b5c0-7a1e9d2f4c83
  entra-reprocess grant-permission --cloud USGov --client-id 8d2e4a61-1b7c-4f35-9e08-c6a3b5d7f912 --dry-run
  entra-reprocess grant-permission --principal-id <id> --catalog beedadfe-01d5-4025-910b-84abb9369997
`;

function guidFlag(flag: string, value: string): string {
  if (!isCanonicalGuid(value.trim().toLowerCase())) {
    throw new UsageError(`--${flag} must be a GUID such as 3f9c2b7a-6d41-4e8a-b5c0-7a1e9d2f4c83, not ${JSON.stringify(value)}.`);
  }
  return value.trim().toLowerCase();
}

function failureLine(result: Extract<GrantResult, { status: "failed" }>): string {
  const ids = result.graph === undefined ? "" : ` (request-id ${result.graph.requestId ?? "-"}, client-request-id ${result.graph.clientRequestId})`;
  return `grant-permission: ${result.message}${ids}\n`;
}

export const grantPermissionCommand: CliCommand = {
  name: "grant-permission",
  summary: "Grant the managed identity its Graph permission, or a catalog-scoped role (idempotent)",
  help,
  run: async (args, context) => {
    const parsed = parseCommandArgs(args, options);
    if (printedHelp(parsed, { help, noPositionals: "name the identity with --principal-id or --client-id." }, context)) return exitCode.ok;
    const { values } = parsed;
    const principalId = values["principal-id"];
    const clientId = values["client-id"];
    if ((principalId === undefined) === (clientId === undefined)) {
      throw new UsageError("name the managed identity with exactly one of --principal-id <objectId> or --client-id <clientId>.");
    }
    const principal: PrincipalReference = principalId === undefined ? { clientId: guidFlag("client-id", clientId ?? "") } : { objectId: guidFlag("principal-id", principalId) };
    const catalogId = values.catalog === undefined ? undefined : guidFlag("catalog", values.catalog);
    const config = loadCliConfig(context.env, { cloud: values.cloud });

    const client = createPermissionClient(config);
    const grantOptions = { principal, dryRun: values["dry-run"] === true, abortSignal: context.abortSignal };
    const result = catalogId === undefined ? await grantGraphAppRole(client, grantOptions) : await grantCatalogRole(client, { ...grantOptions, catalogId });

    return finishCommand(context, {
      json: values.json === true,
      document: () => grantReportJson(result),
      // A failed grant has nothing to report but its message, which says what to fix.
      table: () => (result.status === "failed" ? "" : formatGrantReport(result, { cloud: config.graph.cloud.name, baseUrl: config.graph.baseUrl })),
      failure: result.status === "failed" ? failureLine(result) : undefined,
      succeeded: result.status !== "failed",
    });
  },
};
