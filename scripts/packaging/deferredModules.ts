import type { Plugin } from "esbuild";

/**
 * Packages the app's dependencies import at load but use only on paths this app never or rarely
 * takes. In the bundle each becomes a stand-in whose exports are getters: the real package is
 * still bundled, but evaluated on first use instead of at start-up.
 *
 * - jsonwebtoken: MSAL signs client assertions with it (certificate credentials); the managed
 *   identity and Azure CLI credentials never do. Evaluating it compiles semver's regexes.
 * - https-proxy-agent, http-proxy-agent: the proxy policy needs them only when HTTPS_PROXY or
 *   HTTP_PROXY is set. They pull in debug, supports-color, tty and assert.
 *
 * Each list must name every export the package has (a test checks), so an upgrade that adds one
 * fails the build's tests instead of leaving the stand-in short.
 */
export const deferredModules: Readonly<Record<string, readonly string[]>> = {
  jsonwebtoken: ["decode", "verify", "sign", "JsonWebTokenError", "NotBeforeError", "TokenExpiredError"],
  "https-proxy-agent": ["HttpsProxyAgent"],
  "http-proxy-agent": ["HttpProxyAgent"],
};

const namespace = "deferred-module";

interface DeferredPluginData {
  readonly realPath?: string;
  readonly bypass?: boolean;
}

export function deferredModulesPlugin(modules: Readonly<Record<string, readonly string[]>> = deferredModules): Plugin {
  const names = Object.keys(modules);
  const filter = new RegExp(`^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")).join("|")})$`);
  return {
    name: "deferred-modules",
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if ((args.pluginData as DeferredPluginData | undefined)?.bypass === true) return undefined;
        // Resolve the real package exactly as the importer would, then stand in for it.
        const real = await build.resolve(args.path, { kind: "require-call", resolveDir: args.resolveDir, pluginData: { bypass: true } satisfies DeferredPluginData });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: args.path, namespace, pluginData: { realPath: real.path } satisfies DeferredPluginData };
      });
      build.onLoad({ filter: /.*/, namespace }, (args) => {
        const realPath = (args.pluginData as DeferredPluginData).realPath ?? "";
        const exportsList = modules[args.path] ?? [];
        return {
          resolveDir: process.cwd(),
          loader: "js",
          contents: [
            "let real;",
            `const load = () => (real ??= require(${JSON.stringify(realPath)}));`,
            `for (const name of ${JSON.stringify(exportsList)}) {`,
            "  Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });",
            "}",
          ].join("\n"),
        };
      });
    },
  };
}
