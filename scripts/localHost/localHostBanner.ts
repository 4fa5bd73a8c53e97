import type { ServedFunction } from "./servedFunction";

export interface BannerFunction {
  readonly fn: ServedFunction;
  /** For an HTTP function, its URL template; for a timer, its next firing (ISO) or "never". */
  readonly detail: string;
}

/** What the local host says on start: what it is (and is not), and every function with where it answers. */
export function localHostBanner(origin: string, functions: readonly BannerFunction[]): string {
  const lines = [
    "This is the project's built-in local host (scripts/localHost), NOT the Azure Functions runtime:",
    "it loads the app's entry (package.json main) and serves its functions the way the host would, for",
    "development only. Install Azure Functions Core Tools to run the real host; see docs/running-locally.md",
    "for where the two differ.",
    "",
    "Functions:",
  ];
  for (const { fn, detail } of functions) {
    switch (fn.kind) {
      case "http":
        lines.push(`  ${fn.name}: [${(fn.methods ?? ["any method"]).join(",")}] ${detail}  (auth level ${fn.authLevel}: keys are not checked locally)`);
        break;
      case "serviceBusQueue":
        lines.push(`  ${fn.name}: serviceBusTrigger, queue '${fn.queueName}' (connection ${fn.connection})`);
        break;
      case "timer":
        lines.push(
          `  ${fn.name}: timerTrigger, ${fn.schedule.description}, next ${detail}`,
          `    run it now: curl -i -X POST ${origin}/admin/functions/${fn.name} -H 'content-type: application/json' -d '{}'`,
        );
        break;
      case "notServed":
        lines.push(`  ${fn.name}: NOT SERVED: ${fn.reason}`);
        break;
    }
  }
  return `${lines.join("\n")}\n`;
}
