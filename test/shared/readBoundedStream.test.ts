import { describe, expect, it } from "vitest";
import { readBoundedStream } from "../../src/shared/readBoundedStream";

const never = (): AbortSignal => new AbortController().signal;

function streamOf(chunks: readonly string[], onCancel: () => void = () => undefined): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(Buffer.from(chunk));
    },
    cancel: onCancel,
  });
}

describe("readBoundedStream", () => {
  it("reads every chunk of a stream exactly at the limit", async () => {
    const read = await readBoundedStream(streamOf(["12", "345"]), { limitBytes: 5, abortSignal: never() });
    expect(read.ok && read.bytes.toString("utf8")).toBe("12345");
  });

  it("stops at the first byte over the limit and cancels the stream", async () => {
    let cancelled = false;
    const read = await readBoundedStream(
      streamOf(["123", "456", "789"], () => {
        cancelled = true;
      }),
      { limitBytes: 5, abortSignal: never() },
    );
    expect([read, cancelled]).toEqual([{ ok: false, reason: "tooLarge" }, true]);
  });

  it("reads a missing stream as no bytes", async () => {
    const read = await readBoundedStream(null, { limitBytes: 5, abortSignal: never() });
    expect(read.ok && read.bytes.byteLength).toBe(0);
  });

  it("rejects with the signal's reason when aborted while waiting for a chunk that never comes", async () => {
    const controller = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) });
    const read = readBoundedStream(stalled, { limitBytes: 5, abortSignal: controller.signal });
    controller.abort(new Error("deadline"));
    await expect(read).rejects.toThrow("deadline");
  });
});
