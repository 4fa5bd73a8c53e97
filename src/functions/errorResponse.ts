import type { HttpResponseInit } from "@azure/functions";

/** One item of Graph's `error.details`: what went wrong with which part of the request. */
export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target: string;
}

/**
 * Every error this app answers looks like Graph's own `{ error: { code, message, details? } }`,
 * so callers parse one shape; the message is for people, never a stack trace.
 */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}, details?: readonly ErrorDetail[]): HttpResponseInit {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    jsonBody: { error: details === undefined ? { code, message } : { code, message, details } },
  };
}
