import type { InvocationContext } from "@azure/functions";

/** One binding of a function as `@azure/functions` hands it to the host (toCoreFunctionMetadata). */
export interface CapturedBinding {
  readonly type: string;
  readonly direction: string;
  readonly name?: string;
  readonly [property: string]: unknown;
}

export interface CapturedFunction {
  readonly metadata: { readonly name: string; readonly bindings: Readonly<Record<string, CapturedBinding>> };
  /** The app's own handler: the trigger's payload, then the invocation context. */
  readonly handler: (trigger: unknown, context: InvocationContext) => unknown;
}

export interface CapturedHook {
  readonly hookName: string;
  readonly callback: (coreContext: { readonly hookData: Record<string, unknown>; readonly appHookData: Record<string, unknown> }) => unknown;
}

interface ShimCoreApi {
  readonly registeredFunctions: readonly CapturedFunction[];
  readonly hookCallbacks: readonly CapturedHook[];
}

/**
 * What the app registered while its entry loaded, as recorded by the `@azure/functions-core`
 * stand-in (test/support/host/functionsHostShim.cjs), which the process must have been started
 * with (`node --require`): without it `@azure/functions` runs in test mode and registers nothing.
 */
export function capturedRegistrations(): { readonly functions: readonly CapturedFunction[]; readonly hooks: readonly CapturedHook[] } {
  let core: Partial<ShimCoreApi>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- provided at run time by the shim; no package has it
    core = require("@azure/functions-core") as Partial<ShimCoreApi>;
  } catch {
    throw new Error("The local host must run under test/support/host/functionsHostShim.cjs (node --require): @azure/functions-core is missing.");
  }
  if (core.registeredFunctions === undefined || core.hookCallbacks === undefined) {
    throw new Error("This @azure/functions-core is not the stand-in the local host reads registrations from (test/support/host/functionsHostShim.cjs).");
  }
  return { functions: core.registeredFunctions, hooks: core.hookCallbacks };
}
