/**
 * The environment `func start` runs with: the developer's own, with the emulator's settings on
 * top. Core Tools prefers environment variables to local.settings.json, so the host reaches the
 * emulator whatever that file says; the Node worker inherits NODE_EXTRA_CA_CERTS at start-up,
 * which is the only time Node reads it, so it trusts the emulator's certificate.
 */
export function functionsHostEnvironment(processEnv: NodeJS.ProcessEnv, emulatorSettings: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return {
    ...processEnv,
    FUNCTIONS_WORKER_RUNTIME: "node",
    GRAPH_CREDENTIAL: "managedIdentity",
    ...emulatorSettings,
  };
}
