export interface ParsedGraphErrorBody {
  readonly code: string;
  readonly message: string;
}

/** Reads Graph's `{ "error": { "code", "message" } }`; undefined for anything else. */
export function parseGraphErrorBody(text: string | undefined): ParsedGraphErrorBody | undefined {
  if (text === undefined || text === "") {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) {
    return undefined;
  }
  const error: unknown = parsed.error;
  if (typeof error !== "object" || error === null) {
    return undefined;
  }
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const message = "message" in error && typeof error.message === "string" ? error.message : undefined;
  return code === undefined ? undefined : { code, message: message ?? "" };
}
