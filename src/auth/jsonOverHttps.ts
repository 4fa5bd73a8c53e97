import { readBoundedStream } from "../shared/readBoundedStream";
import { withDeadline } from "../shared/withDeadline";

/** Reads one JSON document; throws JsonFetchError for anything but a small 200 JSON answer. */
export type JsonFetcher = (url: string, options: { readonly abortSignal: AbortSignal }) => Promise<unknown>;

/** The OpenID metadata or the key set could not be read. */
export class JsonFetchError extends Error {
  override readonly name = "JsonFetchError";
}

/** Entra's metadata is ~2 KB and its key set ~10 KB: a document far past that is not theirs. */
const maxDocumentBytes = 256 * 1024;
const fetchTimeoutMs = 10_000;

/**
 * GET over https with Node's fetch: the default trust store (plus NODE_EXTRA_CA_CERTS, which is
 * how a local emulator's certificate is trusted), no redirects, a deadline and a size limit.
 */
export const fetchJsonOverHttps: JsonFetcher = async (url, { abortSignal }) => {
  if (!url.startsWith("https://")) {
    throw new JsonFetchError("Signing keys are read over https only.");
  }
  return withDeadline(
    fetchTimeoutMs,
    async (deadline) => {
      let response: Response;
      try {
        response = await fetch(url, { signal: deadline.abortSignal, redirect: "error", headers: { accept: "application/json" } });
      } catch (error) {
        throw new JsonFetchError(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new JsonFetchError(`GET ${url} answered ${response.status}.`);
      }
      const read = await readBoundedStream(response.body, { limitBytes: maxDocumentBytes, abortSignal: deadline.abortSignal });
      if (!read.ok) {
        throw new JsonFetchError(`The document is larger than ${maxDocumentBytes} bytes.`);
      }
      try {
        return JSON.parse(read.bytes.toString("utf8")) as unknown;
      } catch (error) {
        throw new JsonFetchError(`GET ${url} did not answer JSON.`, { cause: error });
      }
    },
    { abortSignal },
  );
};
