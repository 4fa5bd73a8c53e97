import { createRequire } from "node:module";
import { join } from "node:path";

export interface AppModules {
  readonly appServices: typeof import("../../src/appServices");
  readonly appConfig: typeof import("../../src/config/appConfig");
  readonly createCredential: typeof import("../../src/identity/createCredential");
  readonly graphClient: typeof import("../../src/graph/graphClient");
  readonly reprocessQueue: typeof import("../../src/functions/reprocessQueue");
  readonly batchMessages: typeof import("../../src/queue/batchMessages");
}

/**
 * The compiled app when BENCH_DIST names it (what runs in Azure), else the TypeScript source through
 * this process's loader, so a smoke test need not build first.
 */
export function compiledOrSourceApp(): AppModules {
  const root = process.env.BENCH_DIST ?? join(__dirname, "..", "..", "src");
  const load = createRequire(__filename);
  const from = (path: string): unknown => load(join(root, path));
  return {
    appServices: from("appServices") as AppModules["appServices"],
    appConfig: from("config/appConfig") as AppModules["appConfig"],
    createCredential: from("identity/createCredential") as AppModules["createCredential"],
    graphClient: from("graph/graphClient") as AppModules["graphClient"],
    reprocessQueue: from("functions/reprocessQueue") as AppModules["reprocessQueue"],
    batchMessages: from("queue/batchMessages") as AppModules["batchMessages"],
  };
}
