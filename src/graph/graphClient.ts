import { randomUUID } from "node:crypto";
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  isRestError,
  proxyPolicy,
  retryPolicy,
  userAgentPolicy,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
  type PipelineRequest,
} from "@azure/core-rest-pipeline";
import { isCanonicalGuid } from "../core/assignmentId";
import type { BackoffOptions } from "../core/backoff";
import { parseAssignment, parseAssignmentPage, type AccessPackageAssignment, type AssignmentPage, type AssignmentState } from "./accessPackageAssignment";
import type { AdaptiveRateLimiter } from "./adaptiveRateLimiter";
import { attemptTimeoutPolicy } from "./attemptTimeoutPolicy";
import { boundedCredential } from "./boundedCredential";
import { GraphError, type GraphRequestIds } from "./graphError";
import { parseGraphErrorBody } from "./graphErrorBody";
import { NodeHttpsClient } from "./nodeHttpsClient";
import { createInlineRetryStrategy } from "./inlineRetryStrategy";
import { rateLimitPolicy } from "./rateLimitPolicy";
import { parseRetryAfterMs } from "./retryAfter";

const assignmentsPath = "/v1.0/identityGovernance/entitlementManagement/assignments";

export type GraphOperation = "getAssignment" | "reprocessAssignment" | "listAssignments";

/** One logical Graph call (all its inline retries), for telemetry. */
export interface GraphCallRecord {
  readonly operation: GraphOperation;
  readonly method: HttpMethods;
  readonly host: string;
  readonly status: number | undefined;
  readonly succeeded: boolean;
  readonly durationMs: number;
  readonly retries: number;
  readonly ids: GraphRequestIds;
  readonly errorCode?: string;
}

export interface GraphClientOptions {
  /** Graph root, e.g. https://graph.microsoft.us; the client always calls v1.0 under it. */
  readonly baseUrl: string;
  /** Token scope: the cloud's Graph scope, whatever `baseUrl` says. */
  readonly scope: string;
  readonly credential: TokenCredential;
  readonly inlineRetryBudgetMs: number;
  readonly maxInlineRetries: number;
  readonly requestTimeoutMs: number;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  readonly httpClient?: HttpClient;
  /** Paces every attempt at the rate Graph's 429s teach it; one per instance (the app always sets one). */
  readonly rateLimiter?: AdaptiveRateLimiter;
  readonly onCallCompleted?: (record: GraphCallRecord) => void;
}

export interface GraphCallOptions {
  readonly abortSignal?: AbortSignal;
}

export interface GetAssignmentOptions extends GraphCallOptions {
  readonly select?: readonly string[];
}

export interface AssignmentFilter {
  readonly state?: AssignmentState;
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
}

export interface ListAssignmentsOptions extends GraphCallOptions {
  readonly filter?: AssignmentFilter;
  readonly select?: readonly string[];
  readonly expand?: readonly ("accessPackage" | "target")[];
  readonly top?: number;
  /** Continue from a previous page's `@odata.nextLink` (filter/select/expand/top are then ignored). */
  readonly nextLink?: string;
}

export type GraphResponse<T> =
  | { readonly ok: true; readonly status: number; readonly value: T; readonly ids: GraphRequestIds; readonly retries: number }
  | { readonly ok: false; readonly error: GraphError };

const defaultBackoff: BackoffOptions = { baseDelayMs: 1_000, maxDelayMs: 16_000 };

/** The three entitlement-management calls this app makes, on Graph v1.0, over one pipeline. */
export class GraphClient {
  readonly #baseUrl: string;
  readonly #host: string;
  readonly #pipeline: Pipeline;
  readonly #httpClient: HttpClient;
  readonly #attempts = new WeakMap<PipelineRequest, number>();
  readonly #onCallCompleted: ((record: GraphCallRecord) => void) | undefined;

  constructor(options: GraphClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#host = new URL(this.#baseUrl).host;
    this.#httpClient = options.httpClient ?? new NodeHttpsClient();
    this.#onCallCompleted = options.onCallCompleted;
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(proxyPolicy());
    pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: "entra-assignment-reprocessor" }));
    pipeline.addPolicy(
      retryPolicy(
        [
          createInlineRetryStrategy({
            budgetMs: options.inlineRetryBudgetMs,
            ...(options.backoff ?? defaultBackoff),
            ...(options.random === undefined ? {} : { random: options.random }),
          }),
        ],
        { maxRetries: options.maxInlineRetries },
      ),
      { phase: "Retry" },
    );
    if (options.rateLimiter !== undefined) {
      pipeline.addPolicy(rateLimitPolicy(options.rateLimiter), { afterPhase: "Retry" });
    }
    pipeline.addPolicy(
      {
        name: "attemptCounter",
        sendRequest: (request, next) => {
          this.#attempts.set(request, (this.#attempts.get(request) ?? 0) + 1);
          return next(request);
        },
      },
      { afterPhase: "Retry" },
    );
    pipeline.addPolicy(attemptTimeoutPolicy(options.requestTimeoutMs), { afterPhase: "Retry" });
    pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: boundedCredential(options.credential, options.requestTimeoutMs), scopes: options.scope }), { phase: "Sign" });
    this.#pipeline = pipeline;
  }

  async getAssignment(id: string, options: GetAssignmentOptions = {}): Promise<GraphResponse<AccessPackageAssignment>> {
    const query = options.select === undefined ? "" : `?$select=${encodeURIComponent(options.select.join(","))}`;
    const response = await this.#send("getAssignment", "GET", `${this.#baseUrl}${assignmentsPath}/${assignmentPathSegment(id)}${query}`, options);
    return response.ok ? this.#parsed(response, parseAssignment) : response;
  }

  async reprocessAssignment(id: string, options: GraphCallOptions = {}): Promise<GraphResponse<undefined>> {
    const response = await this.#send("reprocessAssignment", "POST", `${this.#baseUrl}${assignmentsPath}/${assignmentPathSegment(id)}/reprocess`, options);
    return response.ok ? { ...response, value: undefined } : response;
  }

  async listAssignments(options: ListAssignmentsOptions = {}): Promise<GraphResponse<AssignmentPage>> {
    const url = options.nextLink === undefined ? this.#firstPageUrl(options) : this.#checkedNextLink(options.nextLink);
    if (typeof url !== "string") {
      return { ok: false, error: url };
    }
    const response = await this.#send("listAssignments", "GET", url, options);
    return response.ok ? this.#parsed(response, parseAssignmentPage) : response;
  }

  #firstPageUrl(options: ListAssignmentsOptions): string {
    const clauses: string[] = [];
    const filter = options.filter ?? {};
    if (filter.state !== undefined) clauses.push(`state eq '${filter.state}'`);
    if (filter.accessPackageId !== undefined) clauses.push(`accessPackage/id eq '${assignmentPathSegment(filter.accessPackageId)}'`);
    if (filter.targetObjectId !== undefined) clauses.push(`target/objectId eq '${assignmentPathSegment(filter.targetObjectId)}'`);
    const query: string[] = [];
    if (clauses.length > 0) query.push(`$filter=${encodeURIComponent(clauses.join(" and "))}`);
    if (options.select !== undefined) query.push(`$select=${encodeURIComponent(options.select.join(","))}`);
    if (options.expand !== undefined) query.push(`$expand=${encodeURIComponent(options.expand.join(","))}`);
    if (options.top !== undefined) query.push(`$top=${Math.trunc(options.top)}`);
    return `${this.#baseUrl}${assignmentsPath}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  }

  /** A nextLink may arrive from a queue message: only ever follow it back to our own Graph root. */
  #checkedNextLink(nextLink: string): string | GraphError {
    let url: URL | undefined;
    try {
      url = new URL(nextLink);
    } catch {
      url = undefined;
    }
    if (url?.origin !== new URL(this.#baseUrl).origin || url.pathname !== assignmentsPath) {
      return new GraphError(`Refusing to follow nextLink outside ${this.#baseUrl}${assignmentsPath}.`, {
        code: "invalidNextLink",
        clientRequestId: randomUUID(),
        retries: 0,
      });
    }
    return url.href;
  }

  #parsed<T>(response: { readonly status: number; readonly value: string | undefined; readonly ids: GraphRequestIds; readonly retries: number }, parse: (value: unknown) => T | undefined): GraphResponse<T> {
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

  async #send(operation: GraphOperation, method: HttpMethods, url: string, options: GraphCallOptions): Promise<GraphResponse<string | undefined>> {
    const clientRequestId = randomUUID();
    const request = createPipelineRequest({
      url,
      method,
      // The pipeline's own request id (logged by its policies) is ours: one GUID per call, not two.
      requestId: clientRequestId,
      headers: createHttpHeaders({ accept: "application/json", "client-request-id": clientRequestId, "return-client-request-id": "true" }),
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
    });
    const started = performance.now();
    let result: GraphResponse<string | undefined>;
    try {
      const response = await this.#pipeline.sendRequest(this.#httpClient, request);
      const retries = Math.max(0, (this.#attempts.get(request) ?? 1) - 1);
      const requestId = response.headers.get("request-id");
      const ids: GraphRequestIds = requestId === undefined ? { clientRequestId } : { requestId, clientRequestId };
      if (response.status >= 200 && response.status < 300) {
        result = { ok: true, status: response.status, value: response.bodyAsText ?? undefined, ids, retries };
      } else {
        const body = parseGraphErrorBody(response.bodyAsText ?? undefined);
        const retryAfterMs = parseRetryAfterMs(response.headers);
        result = {
          ok: false,
          error: new GraphError(body?.message !== undefined && body.message !== "" ? body.message : `Graph answered ${response.status}.`, {
            status: response.status,
            code: body?.code ?? (response.bodyAsText ? "invalidResponse" : `http${response.status}`),
            ...ids,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
            retries,
          }),
        };
      }
    } catch (error) {
      if (options.abortSignal?.aborted === true || !isRestError(error)) {
        throw error;
      }
      result = {
        ok: false,
        error: new GraphError(`Graph could not be reached: ${error.message}`, {
          code: error.code === "REQUEST_TIMEOUT" ? "timeout" : "networkError",
          clientRequestId,
          retries: Math.max(0, (this.#attempts.get(request) ?? 1) - 1),
          cause: error,
        }),
      };
    }
    this.#report(operation, method, result, performance.now() - started);
    return result;
  }

  #report(operation: GraphOperation, method: HttpMethods, result: GraphResponse<unknown>, durationMs: number): void {
    if (this.#onCallCompleted === undefined) {
      return;
    }
    const record: GraphCallRecord = result.ok
      ? { operation, method, host: this.#host, status: result.status, succeeded: true, durationMs, retries: result.retries, ids: result.ids }
      : {
          operation,
          method,
          host: this.#host,
          status: result.error.status,
          succeeded: false,
          durationMs,
          retries: result.error.retries,
          ids: result.error.ids,
          errorCode: result.error.code,
        };
    this.#onCallCompleted(record);
  }
}

/** Ids reach a URL only in canonical GUID form; callers validate first, this is the last guard. */
function assignmentPathSegment(id: string): string {
  const lowered = id.toLowerCase();
  if (!isCanonicalGuid(lowered)) {
    throw new TypeError("Graph path segments must be canonical GUIDs; validate ids before calling the Graph client.");
  }
  return lowered;
}
