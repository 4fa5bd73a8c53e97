import type { PrincipalReference } from "./principalReference";

export interface GrantOptions {
  readonly principal: PrincipalReference;
  /** Look everything up, change nothing. */
  readonly dryRun: boolean;
  /** Ctrl+C in the CLI: stops the lookups and the grant wherever they are. */
  readonly abortSignal: AbortSignal;
}
