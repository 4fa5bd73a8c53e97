import { AbortError } from "@azure/abort-controller";
import { createHttpHeaders, RestError, type HttpClient, type HttpHeaders, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";

/**
 * A lean HttpClient for the Graph pipeline: node:https over one keep-alive agent, the request's
 * own agent when the proxy policy set one, bodies of strings or buffers only (Graph's reprocess,
 * get and list send none), and the same contract as core-rest-pipeline's client where the
 * pipeline relies on it: abort and `request.timeout` reject with an AbortError, network failures
 * with a RestError carrying the system error code (what the retry strategy keys on).
 *
 * Why not the SDK's client: measured side by side against bare HTTPS POSTs it added ~15% to every
 * call (an AbortController and listeners per request, header normalisation, a stream-finished
 * watcher per body); this one does only what this app's calls need.
 */
export class NodeHttpsClient implements HttpClient {
  readonly #httpsAgent = new HttpsAgent({ keepAlive: true });
  #httpAgent: HttpAgent | undefined;

  sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    return new Promise<PipelineResponse>((resolve, reject) => {
      const body = request.body;
      const unsupported =
        (body !== undefined && body !== null && typeof body !== "string" && !Buffer.isBuffer(body)) ||
        request.multipartBody !== undefined ||
        request.formData !== undefined ||
        request.tlsSettings !== undefined;
      if (unsupported) {
        reject(new RestError("This client sends string or Buffer bodies only, with the process's TLS settings.", { code: RestError.REQUEST_SEND_ERROR, request }));
        return;
      }
      const signal = request.abortSignal;
      if (signal?.aborted === true) {
        reject(new AbortError("The operation was aborted."));
        return;
      }
      const url = new URL(request.url);
      const secure = url.protocol === "https:";
      if (!secure && request.allowInsecureConnection !== true) {
        reject(new Error(`Cannot connect to ${request.url} while allowInsecureConnection is false.`));
        return;
      }
      const headers = request.headers.toJSON({ preserveCase: true });
      if (body !== undefined && body !== null && !request.headers.has("content-length")) {
        headers["content-length"] = String(Buffer.byteLength(body));
      }
      const options = {
        method: request.method,
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: request.disableKeepAlive
          ? false
          : ((request.agent as HttpsAgent | HttpAgent | undefined) ?? (secure ? this.#httpsAgent : (this.#httpAgent ??= new HttpAgent({ keepAlive: true })))),
      };
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      /** True the first time only: later errors (a socket torn down after the answer) change nothing. */
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        return true;
      };
      const succeed = (response: PipelineResponse): void => {
        if (settle()) resolve(response);
      };
      const fail = (error: Error): void => {
        if (settle()) reject(error);
      };
      const clientRequest = secure ? httpsRequest(options) : httpRequest(options);
      const abort = (message: string): void => {
        const error = new AbortError(message);
        clientRequest.destroy(error);
        fail(error);
      };
      const onAbort = (): void => {
        abort("The operation was aborted.");
      };
      signal?.addEventListener("abort", onAbort);
      if (request.timeout > 0) {
        timer = setTimeout(() => {
          abort(`The request timed out after ${request.timeout} ms.`);
        }, request.timeout);
      }
      clientRequest.on("error", (error: NodeJS.ErrnoException) => {
        fail(new RestError(error.message, { code: error.code ?? RestError.REQUEST_SEND_ERROR, request }));
      });
      clientRequest.on("response", (incoming: IncomingMessage) => {
        const status = incoming.statusCode ?? 0;
        const responseHeaders = toHttpHeaders(incoming.headers);
        const stream = decoded(incoming, responseHeaders);
        if (request.streamResponseStatusCodes?.has(status) === true || request.streamResponseStatusCodes?.has(Number.POSITIVE_INFINITY) === true) {
          succeed({ request, status, headers: responseHeaders, readableStreamBody: stream });
          return;
        }
        const chunks: Buffer[] = [];
        const onBodyError = (error: NodeJS.ErrnoException): void => {
          fail(error.name === "AbortError" ? error : new RestError(`Error reading the response: ${error.message}`, { code: error.code ?? RestError.PARSE_ERROR, request }));
        };
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", onBodyError);
        if (stream !== incoming) incoming.on("error", onBodyError);
        stream.on("end", () => {
          succeed({ request, status, headers: responseHeaders, bodyAsText: chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8") });
        });
      });
      clientRequest.end(body ?? undefined);
    });
  }
}

function toHttpHeaders(incoming: IncomingHttpHeaders): HttpHeaders {
  const headers = createHttpHeaders();
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(name === "set-cookie" ? ";" : ",") : value);
  }
  return headers;
}

/** Graph answers uncompressed unless asked; should a proxy compress anyway, the body is still readable. */
function decoded(incoming: IncomingMessage, headers: HttpHeaders): Readable {
  switch (headers.get("content-encoding")?.toLowerCase()) {
    case "gzip":
      return incoming.pipe(createGunzip());
    case "deflate":
      return incoming.pipe(createInflate());
    case "br":
      return incoming.pipe(createBrotliDecompress());
    default:
      return incoming;
  }
}
