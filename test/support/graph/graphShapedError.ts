export interface GraphShapedError {
  readonly code: string;
  readonly message: string;
}

const allowedErrorKeys: ReadonlySet<string> = new Set(["code", "message", "innerError", "details"]);
const detailKeys = ["code", "message", "target"];

/** Graph's optional `details`: an array of `{ code, message, target }`, all strings, nothing else. */
function isDetailList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (detail: unknown) =>
        typeof detail === "object" &&
        detail !== null &&
        !Array.isArray(detail) &&
        Object.keys(detail).every((key) => detailKeys.includes(key)) &&
        Object.values(detail).every((field) => typeof field === "string"),
    )
  );
}

/**
 * Reads a body as Graph's error shape, `{ "error": { "code", "message" } }`, strictly: nothing
 * beside `error`, non-empty string code and message, and no stray fields (a stack, a cause) inside
 * it; Graph's own optional `innerError` and `details` (`[{ code, message, target }]`) are allowed.
 * Undefined for anything else.
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
  if ("details" in error && !isDetailList(error.details)) {
    return undefined;
  }
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  const message = "message" in error && typeof error.message === "string" ? error.message : "";
  return code === "" || message === "" ? undefined : { code, message };
}
