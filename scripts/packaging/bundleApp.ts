import { builtinModules } from "node:module";
import { build } from "esbuild";
import { deferredModulesPlugin } from "./deferredModules";

/** The Functions host's Node worker provides this module; bundling a copy would break registration. */
export const hostProvidedModules: readonly string[] = ["@azure/functions-core"];

/**
 * Left out of the bundle and shipped as real node_modules: heavy packages the app requires lazily,
 * only on the paths that need them, so they cost nothing at start-up and load exactly as tested.
 * - applicationinsights (~650 ms, ~75 MB to load): only when APPLICATIONINSIGHTS_CONNECTION_STRING
 *   is set; kept external, its require-hook instrumentation also sees modules as it was tested.
 * - @azure/service-bus and its AMQP stack: only on the queue path's first send. Bundled, even
 *   unevaluated, its ~900 KB were parsed at every start (~40 ms).
 * @opentelemetry/api stays bundled although the SDK ships its own copy: the API's copies share
 * their providers through a global registry keyed by major version (the SDK registers, the app's
 * copy finds them), and loading its ~40 files from node_modules cost ~35 ms at every start.
 */
export const shippedExternalModules: readonly string[] = ["applicationinsights", "@azure/service-bus"];

export interface BundleAppOptions {
  readonly entryPoint: string;
  readonly outFile: string;
}

export interface BundleSummary {
  readonly bytes: number;
  /** Packages the bundle still requires at run time (neither Node built-ins nor host-provided). */
  readonly externalPackages: readonly string[];
}

const builtins = new Set(builtinModules);

/**
 * One CommonJS file for the host to load: resolving and reading thousands of small files is most
 * of a plain build's load time, and on Azure's mounted package each file read is slower still.
 * Everything the app imports is bundled unless named above, so new imports need no change here.
 */
export async function bundleApp(options: BundleAppOptions): Promise<BundleSummary> {
  const result = await build({
    entryPoints: [options.entryPoint],
    outfile: options.outFile,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    external: [...hostProvidedModules, ...shippedExternalModules],
    plugins: [deferredModulesPlugin()],
    // Whitespace and syntax only: identifiers keep their names, so stack traces in production logs
    // stay readable and libraries that read constructor.name (span names) see the real one,
    // without keepNames' per-function bookkeeping, which measurably slowed loading.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (output === undefined) {
    throw new Error("esbuild produced no output for the entry point.");
  }
  const externalPackages = new Set<string>();
  for (const imported of output.imports) {
    if (!imported.external) continue;
    const name = packageName(imported.path);
    if (name !== undefined && !hostProvidedModules.includes(name)) externalPackages.add(name);
  }
  return { bytes: output.bytes, externalPackages: [...externalPackages].sort() };
}

/** `@scope/name/sub` → `@scope/name`; undefined for Node built-ins. */
function packageName(request: string): string | undefined {
  if (request.startsWith("node:") || builtins.has(request)) return undefined;
  const parts = request.split("/");
  return request.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
