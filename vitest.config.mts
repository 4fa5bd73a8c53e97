import { resolve } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// vitest runs from the project root (npm scripts always do).
const testCertificate = resolve("test/support/certs/localhost.crt");

// Node reads NODE_EXTRA_CA_CERTS only at process start, so it must be in the environment the
// workers are forked with: setting it here, in the main process, is early enough.
process.env.NODE_EXTRA_CA_CERTS = testCertificate;
process.env.OTEL_TRACES_SAMPLER = "always_on";
process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = "true";

// `npm run test:chaos` (mode "chaos") runs the fault-injection runs: the full one (2,000 messages,
// too long for every submission) and the small one, which `npm test` runs as well.
const fullChaos = "test/**/*.chaos.test.ts";
const smallChaos = "test/chaos/queueChaos.test.ts";

export default defineConfig(({ mode }: { mode: string }) => ({
  test: {
    include: mode === "chaos" ? [fullChaos, smallChaos] : ["test/**/*.test.ts"],
    exclude: mode === "chaos" ? configDefaults.exclude : [...configDefaults.exclude, fullChaos],
    globalSetup: ["test/support/requireNode22.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    restoreMocks: true,
  },
}));
