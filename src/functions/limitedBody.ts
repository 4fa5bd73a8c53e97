import type { HttpRequest } from "@azure/functions";

export type LimitedBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: "tooLarge" | "notUtf8" };

/**
 * Reads a request body, refusing one over `limitBytes` both by its declared Content-Length and
 * by the bytes that actually arrive (a chunked body declares nothing), without buffering more
 * than the limit.
 */
export async function readLimitedBody(request: HttpRequest, limitBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > limitBytes) {
    return { ok: false, reason: "tooLarge" };
  }
  const stream = request.body;
  if (stream === null) {
    return { ok: true, text: "" };
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value: Uint8Array | undefined };
    if (done) break;
    if (value === undefined) continue;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      return { ok: false, reason: "tooLarge" };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, reason: "notUtf8" };
  }
}
