import { assignmentStates } from "../graph/emulatedAssignment";
import type { LocalEmulator } from "./localEmulator";

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** How to run the CLI against the emulator, as one copy-pasteable command. */
export function cliCommandLine({ seed, settings }: LocalEmulator): string {
  const variables = Object.entries({ ...settings, GRAPH_CREDENTIAL: "managedIdentity" }).map(([name, value]) => `${name}=${shellQuote(value)}`);
  return `${variables.join(" ")} npx entra-reprocess reprocess ${seed.idsByState.delivered[0] ?? "<id>"}`;
}

/** The queue commands worth trying against the seeded ids: each one's arguments after `npx entra-reprocess`. */
export function queueCommandLines({ seed }: LocalEmulator): string[] {
  const expired = seed.idsByState.expired[0] ?? "<id>";
  return [
    `enqueue ${seed.idsByState.delivered[0] ?? "<id>"} ${expired}   (the queue parks the expired one as notDelivered)`,
    `enqueue --access-package ${seed.fanOutAccessPackageId} --dry-run`,
    "parked list",
    "parked replay --dry-run",
  ].map((line) => `npx entra-reprocess ${line}`);
}

/** What `npm run emulator` and `npm start` print: the seeded ids and how to point the app and the CLI at them. */
export function describeLocalEmulator(local: LocalEmulator): string {
  const { emulator, seed, settings } = local;
  const lines = [
    `Graph emulator (cloud ${emulator.cloud}) is up.`,
    `  Graph root        ${emulator.baseUrl}  (clients append /v1.0/...)`,
    `  Managed identity  ${emulator.identityEndpoint}  (principal ${emulator.managedIdentityPrincipalId}, client id ${emulator.managedIdentityClientId})`,
    `  Service Bus       sb://127.0.0.1:${local.serviceBus.port}  (AMQP test peer; queues reprocess and reprocess-parked, in memory)`,
    "",
    "Seeded access package assignments:",
  ];
  for (const state of assignmentStates) {
    lines.push(`  ${state}:`, ...seed.idsByState[state].map((id) => `    ${id}`));
  }
  lines.push(
    `  delivered, all in access package ${seed.fanOutAccessPackageId} (for filter fan-out):`,
    ...seed.fanOutAssignmentIds.map((id) => `    ${id}`),
    "",
    "Seeded access package assignment requests (Graph reprocesses a failed one only within 14 days of its completion):",
    `  deliveryFailed, completed 2 days ago      ${seed.requestIds.deliveryFailedInWindow}`,
    `  deliveryFailed, completed 20 days ago     ${seed.requestIds.deliveryFailedPastWindow}  (past the window: refused)`,
    `  partiallyDelivered, completed 1 day ago   ${seed.requestIds.partiallyDelivered}`,
    "",
    `Seeded catalog ${seed.catalog.id} (${seed.catalog.displayName}), its access packages:`,
    ...seed.catalog.accessPackages.map((accessPackage) => `  ${accessPackage.id}  ${accessPackage.displayName}`),
    "",
    "Point the app or CLI at it with these settings (IDENTITY_HEADER is a fixed local-development",
    "value, not a secret; NODE_EXTRA_CA_CERTS must be set before the Node process starts):",
    "",
    ...Object.entries(settings).map(([name, value]) => `${name}=${value}`),
    "GRAPH_CREDENTIAL=managedIdentity",
    "",
    "The command-line tool (build it first with npm run build), from the project directory:",
    "",
    `  ${cliCommandLine(local)}`,
    "",
    "  and, with the same variables:",
    ...queueCommandLines(local).map((line) => `  ... ${line}`),
    `  ... npx entra-reprocess grant-permission --principal-id ${emulator.managedIdentityPrincipalId}`,
    "",
  );
  return `${lines.join("\n")}\n`;
}
