import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const testCertificate = fileURLToPath(new URL("./test/support/certs/localhost.crt", import.meta.url));

// Node reads NODE_EXTRA_CA_CERTS only at process start, so it must be in the environment the
// workers are forked with: setting it here, in the main process, is early enough.
process.env.NODE_EXTRA_CA_CERTS = testCertificate;
process.env.OTEL_TRACES_SAMPLER = "always_on";
process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = "true";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/requireNode22.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    restoreMocks: true,
  },
});
