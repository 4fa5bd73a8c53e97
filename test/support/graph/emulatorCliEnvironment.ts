import { testCertificate } from "../testCertificate";
import type { GraphEmulator } from "./graphEmulator";

/** Exactly what a local run of the CLI sets: the emulator, its identity endpoint, and its certificate. */
export function emulatorCliEnvironment(emulator: GraphEmulator): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    GRAPH_CLOUD: "Global",
    GRAPH_BASE_URL: emulator.baseUrl,
    GRAPH_CREDENTIAL: "managedIdentity",
    IDENTITY_ENDPOINT: emulator.identityEndpoint,
    IDENTITY_HEADER: emulator.identityHeader,
    NODE_EXTRA_CA_CERTS: testCertificate.certPath,
  };
}
