import { AmqpPeer } from "../amqp/amqpPeer";
import { GraphEmulator } from "../graph/graphEmulator";
import { buildLocalSeed, type LocalSeed } from "./localSeed";
import { testCertificate } from "../testCertificate";

/**
 * IDENTITY_HEADER for local runs. Not a secret: it only guards a loopback test endpoint, and a
 * fixed value lets local.settings.json and shell profiles be written once.
 */
export const localIdentityHeader = "local-dev-identity-header";

export interface LocalEmulator {
  readonly emulator: GraphEmulator;
  /** The AMQP test peer standing in for the Service Bus namespace: queues reprocess and reprocess-parked. */
  readonly serviceBus: AmqpPeer;
  readonly seed: LocalSeed;
  /** Environment for the app or CLI, in the order worth printing. */
  readonly settings: Readonly<Record<string, string>>;
  /** Stops the Graph emulator and the AMQP peer. */
  close(): Promise<void>;
}

// Duplicate detection on, as deployed: the message ids the app and the CLI derive rely on it.
const localQueues = ["reprocess", "reprocess-parked"].map((name) => ({ name, duplicateDetection: true }));

// Shared by `npm run emulator` and `npm start`, so both point the app at the same ports and ids.
export async function startLocalEmulator(env: NodeJS.ProcessEnv = process.env): Promise<LocalEmulator> {
  const seed = buildLocalSeed();
  const graphPort = portFrom(env, "GRAPH_EMULATOR_PORT", 8443);
  const identityPort = portFrom(env, "IDENTITY_EMULATOR_PORT", 8081);
  // 5673, not AMQP's 5672: that is where the real Service Bus emulator listens, if it runs too.
  const serviceBus = await AmqpPeer.start({ port: portFrom(env, "AMQP_PEER_PORT", 5673), queues: localQueues });
  let emulator: GraphEmulator;
  try {
    emulator = await GraphEmulator.start({
      cloud: "Global",
      port: graphPort,
      identityPort,
      identityHeader: localIdentityHeader,
      assignments: seed.assignments,
      assignmentRequests: seed.assignmentRequests,
      catalogs: [seed.catalog],
    });
  } catch (error) {
    await serviceBus.close();
    throw error;
  }
  return {
    emulator,
    serviceBus,
    seed,
    close: async () => {
      await emulator.close();
      await serviceBus.close();
    },
    settings: {
      GRAPH_CLOUD: emulator.cloud,
      GRAPH_BASE_URL: emulator.baseUrl,
      IDENTITY_ENDPOINT: emulator.identityEndpoint,
      IDENTITY_HEADER: emulator.identityHeader,
      NODE_EXTRA_CA_CERTS: testCertificate.certPath,
      ServiceBusConnection: serviceBus.connectionString,
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
