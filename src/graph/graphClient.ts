import { randomUUID } from "node:crypto";
import type { HttpMethods } from "@azure/core-rest-pipeline";
import { isCanonicalGuid } from "../shared/guid";
import { parseAccessPackagePage, type AccessPackagePage } from "./accessPackage";
import { parseAssignment, parseAssignmentPage, type AccessPackageAssignment, type AssignmentPage, type AssignmentState } from "./accessPackageAssignment";
import {
  isAssignmentRequestState,
  parseAssignmentRequest,
  parseAssignmentRequestPage,
  type AccessPackageAssignmentRequest,
  type AssignmentRequestFilter,
  type AssignmentRequestPage,
} from "./accessPackageAssignmentRequest";
import { GraphError, type GraphRequestIds } from "./graphError";
import { GraphRequestSender, type GraphRequestSenderOptions } from "./graphRequestSender";
import { parseGraphResponse, type GraphResponse } from "./graphResponse";

export type { GraphResponse } from "./graphResponse";

const entitlementManagementPath = "/v1.0/identityGovernance/entitlementManagement";
const assignmentsPath = `${entitlementManagementPath}/assignments`;
const assignmentRequestsPath = `${entitlementManagementPath}/assignmentRequests`;
const accessPackagesPath = `${entitlementManagementPath}/accessPackages`;

// Graph's $expand of a navigation property sends the whole related object unless told otherwise:
// the app needs one id of each, so it asks for just that.
const requestExpansions = { accessPackage: "accessPackage($select=id)", requestor: "requestor($select=objectId)" } as const;

export type GraphOperation =
  | "getAssignment"
  | "reprocessAssignment"
  | "listAssignments"
  | "getAssignmentRequest"
  | "reprocessAssignmentRequest"
  | "listAssignmentRequests"
  | "listAccessPackages";

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

export interface ListAssignmentRequestsOptions extends GraphCallOptions {
  readonly filter?: AssignmentRequestFilter;
  readonly select?: readonly string[];
  /** `accessPackage` is sent as `accessPackage($select=id)`, `requestor` as `requestor($select=objectId)`. */
  readonly expand?: readonly (keyof typeof requestExpansions)[];
  readonly top?: number;
  /** Continue from a previous page's `@odata.nextLink` (filter/select/expand/top are then ignored). */
  readonly nextLink?: string;
}

export interface ListCatalogAccessPackagesOptions extends GraphCallOptions {
  readonly catalogId: string;
  readonly top?: number;
  /** Continue from a previous page's `@odata.nextLink` (catalogId/top are then ignored). */
  readonly nextLink?: string;
}

/** The entitlement-management calls this app makes, on Graph v1.0, over one pipeline. */
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
    const url = options.nextLink === undefined ? this.#firstPageUrl(options) : this.#checkedNextLink(options.nextLink, assignmentsPath);
    if (typeof url !== "string") {
      return { ok: false, error: url };
    }
    const response = await this.#send("listAssignments", "GET", url, options);
    return parseGraphResponse(response, parseAssignmentPage);
  }

  async getAssignmentRequest(id: string, options: GetAssignmentOptions = {}): Promise<GraphResponse<AccessPackageAssignmentRequest>> {
    const query = options.select === undefined ? "" : `?$select=${encodeURIComponent(options.select.join(","))}`;
    const response = await this.#send("getAssignmentRequest", "GET", `${this.#baseUrl}${assignmentRequestsPath}/${assignmentPathSegment(id)}${query}`, options);
    return parseGraphResponse(response, parseAssignmentRequest);
  }

  async reprocessAssignmentRequest(id: string, options: GraphCallOptions = {}): Promise<GraphResponse<undefined>> {
    const response = await this.#send("reprocessAssignmentRequest", "POST", `${this.#baseUrl}${assignmentRequestsPath}/${assignmentPathSegment(id)}/reprocess`, options);
    return response.ok ? { ...response, value: undefined } : response;
  }

  async listAssignmentRequests(options: ListAssignmentRequestsOptions = {}): Promise<GraphResponse<AssignmentRequestPage>> {
    const url = options.nextLink === undefined ? this.#firstRequestPageUrl(options) : this.#checkedNextLink(options.nextLink, assignmentRequestsPath);
    if (typeof url !== "string") {
      return { ok: false, error: url };
    }
    const response = await this.#send("listAssignmentRequests", "GET", url, options);
    return parseGraphResponse(response, parseAssignmentRequestPage);
  }

  async listCatalogAccessPackages(options: ListCatalogAccessPackagesOptions): Promise<GraphResponse<AccessPackagePage>> {
    const url = options.nextLink === undefined ? this.#firstAccessPackagePageUrl(options) : this.#checkedNextLink(options.nextLink, accessPackagesPath);
    if (typeof url !== "string") {
      return { ok: false, error: url };
    }
    const response = await this.#send("listAccessPackages", "GET", url, options);
    return parseGraphResponse(response, parseAccessPackagePage);
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

  #firstRequestPageUrl(options: ListAssignmentRequestsOptions): string {
    const clauses: string[] = [];
    const filter = options.filter ?? {};
    if (filter.state !== undefined) clauses.push(`state eq '${requestStateLiteral(filter.state)}'`);
    // An OData v4 DateTimeOffset literal is written bare: quoted, it is a string, which Graph will
    // not compare with a date (the emulator refuses it too, so a quoting regression fails tests).
    if (filter.createdOnOrAfter !== undefined) clauses.push(`createdDateTime ge ${dateTimeLiteral(filter.createdOnOrAfter)}`);
    const query: string[] = [];
    if (clauses.length > 0) query.push(`$filter=${encodeURIComponent(clauses.join(" and "))}`);
    if (options.select !== undefined) query.push(`$select=${encodeURIComponent(options.select.join(","))}`);
    if (options.expand !== undefined) query.push(`$expand=${encodeURIComponent(options.expand.map((name) => requestExpansions[name]).join(","))}`);
    if (options.top !== undefined) query.push(`$top=${Math.trunc(options.top)}`);
    return `${this.#baseUrl}${assignmentRequestsPath}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  }

  #firstAccessPackagePageUrl(options: ListCatalogAccessPackagesOptions): string {
    const query = [`$filter=${encodeURIComponent(`catalog/id eq '${assignmentPathSegment(options.catalogId)}'`)}`, `$select=${encodeURIComponent("id,displayName")}`];
    if (options.top !== undefined) query.push(`$top=${Math.trunc(options.top)}`);
    return `${this.#baseUrl}${accessPackagesPath}?${query.join("&")}`;
  }

  /**
   * A nextLink may arrive from a queue message: only ever follow it back to our own Graph root,
   * and only to the list it came from, so a link can never turn one list call into another call.
   */
  #checkedNextLink(nextLink: string, listPath: string): string | GraphError {
    let url: URL | undefined;
    try {
      url = new URL(nextLink);
    } catch {
      url = undefined;
    }
    if (url?.origin !== new URL(this.#baseUrl).origin || url.pathname !== listPath) {
      return new GraphError(`Refusing to follow nextLink outside ${this.#baseUrl}${listPath}.`, {
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

/** A state reaches a URL only as one of Graph's own values, whatever a caller's types were bypassed with. */
function requestStateLiteral(state: string): string {
  if (!isAssignmentRequestState(state)) {
    throw new TypeError("Assignment request states in a filter must be v1.0 accessPackageRequestState values.");
  }
  return state;
}

/** A date reaches a URL only as the ISO text the app itself writes from a valid Date. */
function dateTimeLiteral(date: Date): string {
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) {
    throw new TypeError("createdOnOrAfter must be a valid Date.");
  }
  return date.toISOString();
}

/** Ids reach a URL only in canonical GUID form; callers validate first, this is the last guard. */
function assignmentPathSegment(id: string): string {
  const lowered = id.toLowerCase();
  if (!isCanonicalGuid(lowered)) {
    throw new TypeError("Graph path segments must be canonical GUIDs; validate ids before calling the Graph client.");
  }
  return lowered;
}
