import type { HttpRequest } from "@azure/functions";
import { readBoundedStream } from "../shared/readBoundedStream";

export type LimitedBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: "tooLarge" | "notUtf8" };

export interface ReadLimitedBodyOptions {
  readonly limitBytes: number;
  readonly abortSignal: AbortSignal;
}

/**
 * Reads a request body, refusing one over `limitBytes` both by its declared Content-Length and
 * by the bytes that actually arrive (a chunked body declares nothing), without buffering more
 * than the limit.
 */
export async function readLimitedBody(request: HttpRequest, options: ReadLimitedBodyOptions): Promise<LimitedBody> {
  const { limitBytes, abortSignal } = options;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > limitBytes) {
    return { ok: false, reason: "tooLarge" };
  }
  const read = await readBoundedStream(request.body, { limitBytes, abortSignal });
  if (!read.ok) {
    return { ok: false, reason: "tooLarge" };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(read.bytes) };
  } catch {
    return { ok: false, reason: "notUtf8" };
  }
}
