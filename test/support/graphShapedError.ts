export interface GraphShapedError {
  readonly code: string;
  readonly message: string;
}

const allowedErrorKeys: ReadonlySet<string> = new Set(["code", "message", "innerError"]);

/**
 * Reads a body as Graph's error shape, `{ "error": { "code", "message" } }`, strictly: nothing
 * beside `error`, non-empty string code and message, and no stray fields (a stack, a cause) inside
 * it. Undefined for anything else.
 */
export function readGraphShapedError(text: string): GraphShapedError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.keys(parsed).join() !== "error" || !("error" in parsed)) {
    return undefined;
  }
  const error: unknown = parsed.error;
  if (typeof error !== "object" || error === null || Array.isArray(error) || !Object.keys(error).every((key) => allowedErrorKeys.has(key))) {
    return undefined;
  }
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  const message = "message" in error && typeof error.message === "string" ? error.message : "";
  return code === "" || message === "" ? undefined : { code, message };
}
