import { GraphEmulator } from "./graphEmulator";
import { buildLocalSeed, type LocalSeed } from "./localSeed";
import { testCertificate } from "./testCertificate";

/**
 * IDENTITY_HEADER for local runs. Not a secret: it only guards a loopback test endpoint, and a
 * fixed value lets local.settings.json and shell profiles be written once.
 */
export const localIdentityHeader = "local-dev-identity-header";

export interface LocalEmulator {
  readonly emulator: GraphEmulator;
  readonly seed: LocalSeed;
  /** Environment for the app or CLI, in the order worth printing. */
  readonly settings: Readonly<Record<string, string>>;
}

// Shared by `npm run emulator` and `npm start`, so both point the app at the same ports and ids.
export async function startLocalEmulator(env: NodeJS.ProcessEnv = process.env): Promise<LocalEmulator> {
  const seed = buildLocalSeed();
  const emulator = await GraphEmulator.start({
    cloud: "Global",
    port: portFrom(env, "GRAPH_EMULATOR_PORT", 8443),
    identityPort: portFrom(env, "IDENTITY_EMULATOR_PORT", 8081),
    identityHeader: localIdentityHeader,
    assignments: seed.assignments,
  });
  return {
    emulator,
    seed,
    settings: {
      GRAPH_CLOUD: emulator.cloud,
      GRAPH_BASE_URL: emulator.baseUrl,
      IDENTITY_ENDPOINT: emulator.identityEndpoint,
      IDENTITY_HEADER: emulator.identityHeader,
      NODE_EXTRA_CA_CERTS: testCertificate.certPath,
    },
  };
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be a TCP port number, not '${text}'`);
  }
  return port;
}
