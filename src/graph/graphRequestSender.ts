import { randomUUID } from "node:crypto";
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  isRestError,
  type HttpClient,
  type HttpMethods,
} from "@azure/core-rest-pipeline";
import { GraphError, type GraphRequestIds } from "./graphError";
import { isCredentialFailure } from "./isCredentialFailure";
import { parseGraphErrorBody } from "./graphErrorBody";
import { createGraphPipeline, type GraphPipeline, type GraphPipelineOptions } from "./graphPipeline";
import type { GraphTextResponse } from "./graphResponse";
import { parseRetryAfterMs } from "./retryAfter";

export interface GraphRequestSenderOptions extends GraphPipelineOptions {
  readonly httpClient?: HttpClient;
}

export interface GraphRequestOptions {
  readonly abortSignal?: AbortSignal;
  /** Sent as JSON. */
  readonly body?: unknown;
}

/**
 * Sends one Graph request through the shared pipeline and turns whatever comes back into a value:
 * a fresh GUID client-request-id on every call, Graph's request-id kept, and every failure a
 * GraphError carrying status, code, Retry-After and both ids. A credential that cannot get a token
 * (the managed identity endpoint failing) is a GraphError too, code `tokenUnavailable` and no status:
 * it is as transient as Graph being down, and the callers' retry paths already handle that. Only
 * the caller cancelling, or a fault that is neither, is thrown.
 */
export class GraphRequestSender {
  readonly #graphPipeline: GraphPipeline;
  readonly #httpClient: HttpClient;

  constructor(options: GraphRequestSenderOptions) {
    this.#graphPipeline = createGraphPipeline(options);
    this.#httpClient = options.httpClient ?? createDefaultHttpClient();
  }

  async send(method: HttpMethods, url: string, options: GraphRequestOptions = {}): Promise<GraphTextResponse> {
    const clientRequestId = randomUUID();
    const headers = createHttpHeaders({ accept: "application/json", "client-request-id": clientRequestId, "return-client-request-id": "true" });
    if (options.body !== undefined) {
      headers.set("content-type", "application/json");
    }
    const request = createPipelineRequest({
      url,
      method,
      // The pipeline's own request id (logged by its policies) is ours: one GUID per call, not two.
      requestId: clientRequestId,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
    });
    const { pipeline, attemptsOf } = this.#graphPipeline;
    try {
      const response = await pipeline.sendRequest(this.#httpClient, request);
      const retries = Math.max(0, attemptsOf(request) - 1);
      const requestId = response.headers.get("request-id");
      const ids: GraphRequestIds = requestId === undefined ? { clientRequestId } : { requestId, clientRequestId };
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, status: response.status, value: response.bodyAsText ?? undefined, ids, retries };
      }
      const body = parseGraphErrorBody(response.bodyAsText ?? undefined);
      const retryAfterMs = parseRetryAfterMs(response.headers);
      return {
        ok: false,
        error: new GraphError(body?.message !== undefined && body.message !== "" ? body.message : `Graph answered ${response.status}.`, {
          status: response.status,
          code: body?.code ?? (response.bodyAsText ? "invalidResponse" : `http${response.status}`),
          ...ids,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          retries,
        }),
      };
    } catch (error) {
      if (options.abortSignal?.aborted === true) {
        throw error;
      }
      if (isCredentialFailure(error)) {
        return {
          ok: false,
          error: new GraphError(`No token for Graph: ${error.message}`, {
            code: "tokenUnavailable",
            clientRequestId,
            retries: Math.max(0, attemptsOf(request) - 1),
            cause: error,
          }),
        };
      }
      if (!isRestError(error)) {
        throw error;
      }
      return {
        ok: false,
        error: new GraphError(`Graph could not be reached: ${error.message}`, {
          code: error.code === "REQUEST_TIMEOUT" ? "timeout" : "networkError",
          clientRequestId,
          retries: Math.max(0, attemptsOf(request) - 1),
          cause: error,
        }),
      };
    }
  }
}

