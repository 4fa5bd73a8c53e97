import { builtinModules } from "node:module";
import { build } from "esbuild";
import { deferredModulesPlugin } from "./deferredModules";

/** The Functions host's Node worker provides this module; bundling a copy would break registration. */
export const hostProvidedModules: readonly string[] = ["@azure/functions-core"];

/**
 * Left out of the bundle and shipped as real node_modules. applicationinsights costs ~650 ms and
 * ~75 MB to load and is only wanted when APPLICATIONINSIGHTS_CONNECTION_STRING is set; kept
 * external, the bundle's `require("applicationinsights")` stays a real lazy require, and the SDK's
 * require-hook instrumentation sees the module the way it was tested. @opentelemetry/api must be
 * the one copy the SDK registers its tracer and meter providers with, so it ships beside it
 * rather than as a second copy inside the bundle.
 */
export const shippedExternalModules: readonly string[] = ["applicationinsights", "@opentelemetry/api"];

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
