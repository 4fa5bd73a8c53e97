import type { PrincipalReference } from "./principalReference";

export interface GrantOptions {
  readonly principal: PrincipalReference;
  /** Look everything up, change nothing. */
  readonly dryRun: boolean;
  readonly abortSignal?: AbortSignal;
}
