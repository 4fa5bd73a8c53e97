import { GraphError, type GraphRequestIds } from "./graphError";

/** A Graph call's result as a value: what a caller branches on, never an exception. */
export type GraphResponse<T> =
  | { readonly ok: true; readonly status: number; readonly value: T; readonly ids: GraphRequestIds; readonly retries: number }
  | { readonly ok: false; readonly error: GraphError };

/** The raw text of a successful answer, before it is read as the resource the caller expects. */
export type GraphTextResponse = GraphResponse<string | undefined>;

/**
 * Reads a successful answer's body with `parse`; a body that is not the expected JSON becomes an
 * `invalidResponse` GraphError rather than a half-read value.
 */
export function parseGraphResponse<T>(response: GraphTextResponse, parse: (value: unknown) => T | undefined): GraphResponse<T> {
  if (!response.ok) {
    return response;
  }
  let value: T | undefined;
  try {
    value = parse(JSON.parse(response.value ?? ""));
  } catch {
    value = undefined;
  }
  if (value === undefined) {
    return {
      ok: false,
      error: new GraphError(`Graph answered ${response.status} with a body that is not the expected JSON.`, {
        status: response.status,
        code: "invalidResponse",
        ...response.ids,
        retries: response.retries,
      }),
    };
  }
  return { ok: true, status: response.status, value, ids: response.ids, retries: response.retries };
}
