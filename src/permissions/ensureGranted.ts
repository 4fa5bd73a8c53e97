import type { GraphResponse } from "../graph/graphResponse";
import { grantFailure } from "./grantFailure";
import type { GrantResult, GrantTarget } from "./grantResult";

type GrantFailed = Extract<GrantResult, { status: "failed" }>;

export interface EnsureGrantedOptions {
  /** What is to be granted; every result but a failure reports it. */
  readonly target: GrantTarget;
  /** Whether the grant is there now, or why that could not be read. */
  readonly find: (abortSignal: AbortSignal) => Promise<boolean | GrantFailed>;
  /** The one call that changes anything. */
  readonly create: (abortSignal: AbortSignal) => Promise<GraphResponse<unknown>>;
  /** Completes "Could not …" when Graph refuses the grant, e.g. "grant X to Y". */
  readonly what: string;
  /** What a 403 on the grant means the operator lacks. */
  readonly forbiddenHint: string;
  /** Look, change nothing. */
  readonly dryRun: boolean;
  readonly abortSignal: AbortSignal;
}

/**
 * Look, grant only what is missing, and on a refusal that may mean "it exists" look again: what
 * makes every grant idempotent, and lets two runs racing each other both end "already granted".
 */
export async function ensureGranted(options: EnsureGrantedOptions): Promise<GrantResult> {
  const { target, abortSignal } = options;
  const granted = await options.find(abortSignal);
  if (typeof granted !== "boolean") {
    return granted;
  }
  if (granted) {
    return { status: "alreadyGranted", target };
  }
  if (options.dryRun) {
    return { status: "wouldGrant", target };
  }

  const created = await options.create(abortSignal);
  if (created.ok) {
    return { status: "granted", target, graph: created.ids };
  }
  // What Graph answers for a duplicate is undocumented (public reports say 400 "Permission being
  // assigned already exists" for app roles), and another run may have granted it since we looked:
  // ask again rather than trust either the status or the message.
  if (created.error.status === 400 || created.error.status === 409) {
    const nowGranted = await options.find(abortSignal);
    if (nowGranted === true) {
      return { status: "alreadyGranted", target };
    }
  }
  return grantFailure("grant", options.what, created.error, options.forbiddenHint);
}
