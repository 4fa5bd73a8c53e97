import { createRequire } from "node:module";
import { join } from "node:path";
import type { AppServices } from "../../src/appServices";
import type { EmulatorEndpoints } from "./emulatorProtocol";

type AppServicesModule = typeof import("../../src/appServices");
type AppConfigModule = typeof import("../../src/config/appConfig");
type CreateCredentialModule = typeof import("../../src/identity/createCredential");

/**
 * The compiled app (BENCH_DIST, the tsc output the bench built), not the TypeScript source:
 * what runs in Azure is plain JavaScript, without the helpers a TypeScript loader adds.
 */
export function compiledApp(): { readonly services: AppServicesModule; readonly config: AppConfigModule; readonly credential: CreateCredentialModule } {
  const dist = process.env.BENCH_DIST;
  if (dist === undefined) throw new Error("BENCH_DIST must name the compiled app's directory");
  const load = createRequire(__filename);
  return {
    services: load(join(dist, "appServices.js")) as AppServicesModule,
    config: load(join(dist, "config", "appConfig.js")) as AppConfigModule,
    credential: load(join(dist, "identity", "createCredential.js")) as CreateCredentialModule,
  };
}

/**
 * App settings that point the app at the emulator with the managed identity credential, also put
 * into this process's environment, where MSAL reads the identity endpoint. Every assignment there
 * is delivered, so the state check is off (as on the expand path): the reprocess call is the only one.
 */
export function emulatorAppSettings(endpoints: EmulatorEndpoints, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env = {
    GRAPH_CLOUD: "Global",
    GRAPH_BASE_URL: endpoints.baseUrl,
    GRAPH_CREDENTIAL: "managedIdentity",
    IDENTITY_ENDPOINT: endpoints.identityEndpoint,
    IDENTITY_HEADER: endpoints.identityHeader,
    REPROCESS_CHECK_STATE: "false",
    // The bench measures reprocessing; a verify 5 minutes after each 202 would keep the queue from
    // ever going idle in a run of seconds (its Graph cost is one read per item, in docs/queue.md).
    REPROCESS_VERIFY_AFTER_MS: "0",
    ...extra,
  };
  Object.assign(process.env, env);
  return env;
}

/** The production composition (config, managed identity credential, paced Graph client, core) pointed at the emulator. */
export function benchServices(endpoints: EmulatorEndpoints): AppServices {
  const app = compiledApp();
  return app.services.createAppServices(app.config.loadAppConfig(emulatorAppSettings(endpoints)));
}
