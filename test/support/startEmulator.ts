import { assignmentStates } from "./emulatedAssignment";
import { startLocalEmulator, type LocalEmulator } from "./localEmulator";

function describeLocalEmulator({ emulator, seed, settings }: LocalEmulator): string {
  const lines = [
    `Graph emulator (cloud ${emulator.cloud}) is up.`,
    `  Graph root        ${emulator.baseUrl}  (clients append /v1.0/...)`,
    `  Managed identity  ${emulator.identityEndpoint}`,
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
    "Point the app or CLI at it with these settings (IDENTITY_HEADER is a fixed local-development",
    "value, not a secret; NODE_EXTRA_CA_CERTS must be set before the Node process starts):",
    "",
    ...Object.entries(settings).map(([name, value]) => `${name}=${value}`),
    "",
    "Ctrl+C stops it.",
  );
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
  const local = await startLocalEmulator();
  process.stdout.write(describeLocalEmulator(local));
  const stop = (): void => {
    void local.emulator.close().then(() => {
      process.exit(0);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
