import { commonOptions } from "../commandArgs";

/** Flags both `parked list` and `parked replay` take. */
export const parkedOptions = {
  ...commonOptions,
  reason: { type: "string" },
  max: { type: "string" },
} as const;

export const parkedOptionsHelp = `  --reason <reason>     Only messages parked for this reason: malformed, invalidId, notFound,
                        notDelivered, forbidden, failed or attemptsExhausted (any case).
  --max <n>             At most n messages (1-100000, default 1000), oldest first.`;

export const defaultParkedMax = 1000;
export const maxParkedMax = 100_000;
