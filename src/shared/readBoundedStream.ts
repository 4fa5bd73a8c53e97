export interface ReadBoundedStreamOptions {
  /** More bytes than this and the read stops: the rest is never buffered. */
  readonly limitBytes: number;
  /** Cancels the stream and rejects with the signal's reason. */
  readonly abortSignal: AbortSignal;
}

/** The bytes, or `tooLarge` once more than the limit arrived (the stream is then cancelled). */
export type BoundedStreamRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: "tooLarge" };

/**
 * Reads a byte stream to its end, stopping as soon as it passes `limitBytes`, so a sender that
 * declares nothing (chunked) or lies cannot make us hold more than the limit. A missing stream
 * is an empty one.
 */
export async function readBoundedStream(stream: ReadableStream<Uint8Array> | null | undefined, options: ReadBoundedStreamOptions): Promise<BoundedStreamRead> {
  const { limitBytes, abortSignal } = options;
  abortSignal.throwIfAborted();
  if (stream === null || stream === undefined) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = stream.getReader();
  // A pending read only ends when the stream moves; cancelling it is what ends the wait on abort.
  const onAbort = (): void => {
    reader.cancel(abortSignal.reason).catch(() => undefined);
  };
  abortSignal.addEventListener("abort", onAbort, { once: true });
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      // Node's lib typing leaves some streams' chunks untyped; a byte stream's chunks are bytes.
      const { done, value } = (await reader.read()) as { done: boolean; value: Uint8Array | undefined };
      abortSignal.throwIfAborted();
      if (done) break;
      if (value === undefined) continue;
      total += value.byteLength;
      if (total > limitBytes) {
        await reader.cancel();
        return { ok: false, reason: "tooLarge" };
      }
      chunks.push(value);
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } finally {
    abortSignal.removeEventListener("abort", onAbort);
  }
}
