import { randomUUID } from "node:crypto";
import type { HttpMethods } from "@azure/core-rest-pipeline";
import { isCanonicalGuid } from "../shared/guid";
import { parseAssignment, parseAssignmentPage, type AccessPackageAssignment, type AssignmentPage, type AssignmentState } from "./accessPackageAssignment";
import { GraphError, type GraphRequestIds } from "./graphError";
import { GraphRequestSender, type GraphRequestSenderOptions } from "./graphRequestSender";
import { parseGraphResponse, type GraphResponse } from "./graphResponse";

export type { GraphResponse } from "./graphResponse";

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

/** The pipeline's options (the app always sets a rateLimiter), plus where Graph is and who hears of each call. */
export interface GraphClientOptions extends GraphRequestSenderOptions {
  /** Graph root, e.g. https://graph.microsoft.us; the client always calls v1.0 under it. */
  readonly baseUrl: string;
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

/** The three entitlement-management calls this app makes, on Graph v1.0, over one pipeline. */
export class GraphClient {
  readonly #baseUrl: string;
  readonly #host: string;
  readonly #sender: GraphRequestSender;
  readonly #onCallCompleted: ((record: GraphCallRecord) => void) | undefined;

  constructor(options: GraphClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#host = new URL(this.#baseUrl).host;
    this.#sender = new GraphRequestSender(options);
    this.#onCallCompleted = options.onCallCompleted;
  }

  async getAssignment(id: string, options: GetAssignmentOptions = {}): Promise<GraphResponse<AccessPackageAssignment>> {
    const query = options.select === undefined ? "" : `?$select=${encodeURIComponent(options.select.join(","))}`;
    const response = await this.#send("getAssignment", "GET", `${this.#baseUrl}${assignmentsPath}/${assignmentPathSegment(id)}${query}`, options);
    return parseGraphResponse(response, parseAssignment);
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
    return parseGraphResponse(response, parseAssignmentPage);
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

  async #send(operation: GraphOperation, method: HttpMethods, url: string, options: GraphCallOptions): Promise<GraphResponse<string | undefined>> {
    const started = performance.now();
    const result = await this.#sender.send(method, url, options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal });
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
