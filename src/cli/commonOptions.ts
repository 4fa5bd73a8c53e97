/** Flags every command accepts, spelled and explained once. */
export const commonOptions = {
  cloud: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const commonOptionsHelp = `  --cloud <name>        Global, USGov (L4, GCC High), USGovDoD (L5) or China; overrides GRAPH_CLOUD.
  -h, --help            This help.`;
