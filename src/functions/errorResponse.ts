import type { HttpResponseInit } from "@azure/functions";

/**
 * Every error this app answers looks like Graph's own `{ error: { code, message } }`, so callers
 * parse one shape; the message is for people, never a stack trace.
 */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    jsonBody: { error: { code, message } },
  };
}
