import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import nationalClouds from "../../../src/clouds/nationalClouds.json";
import { assignmentMatches, parseAssignmentFilter, type AssignmentFilter } from "./assignmentFilter";
import { assignmentRequestMatches, parseAssignmentRequestFilter, type AssignmentRequestFilter } from "./assignmentRequestFilter";
import type { AssignmentState, EmulatedAssignment } from "./emulatedAssignment";
import { requestReprocessWindowMs, type AssignmentRequestState, type EmulatedAssignmentRequest } from "./emulatedAssignmentRequest";
import type { EmulatedAccessPackage, EmulatedCatalog } from "./emulatedCatalog";
import { operationOf } from "./emulatedOperation";
import { parseExpandOption, type Expansion } from "./expandOption";
import type { Fault, FaultRate, FaultRule } from "./fault";
import { FaultInjector } from "./faultInjector";
import { graphServicePrincipal } from "./graphServicePrincipal";
import { GraphResponder } from "./graphResponder";
import { isGuid } from "./isGuid";
import { listenOnLoopback } from "../listenOnLoopback";
import { ManagedIdentityEndpoint, type IdentityFailure, type IdentityFailureRate, type RecordedIdentityRequest } from "./managedIdentityEndpoint";
import type { RecordedGraphRequest } from "./recordedGraphRequest";
import { ServicePrincipalDirectory, type EmulatedAppRoleAssignment } from "./servicePrincipalDirectory";
import { ReprocessTimeline } from "./reprocessTimeline";
import { checkScriptedReprocess, deliveredAtOnce } from "./scriptedReprocess";
import { testCertificate } from "../testCertificate";
import { TokenBucket, type RateLimit } from "./tokenBucket";
import { decodeJwtClaims } from "./unsignedJwt";
import { EntitlementRoleAssignments, type EmulatedRoleAssignment } from "./entitlementRoleAssignments";
import { entitlementRoleDefinitions } from "./entitlementRoleDefinitions";

export type GraphCloudName = keyof typeof nationalClouds;

export interface GraphErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface GraphEmulatorOptions {
  /** Graph HTTPS port; default a free one. */
  readonly port?: number | undefined;
  /** Managed identity endpoint port; default a free one. */
  readonly identityPort?: number | undefined;
  /** Default: random per emulator. */
  readonly identityHeader?: string | undefined;
  /** Decides the audience Graph accepts. Default "Global". */
  readonly cloud?: GraphCloudName | undefined;
  readonly assignments?: readonly EmulatedAssignment[] | undefined;
  /** Roles claim of issued tokens (plus any granted through appRoleAssignedTo). */
  readonly grantedRoles?: readonly string[] | undefined;
  /** Answer to reprocessing an assignment that is not delivered. */
  readonly nonDeliveredReprocess?: GraphErrorAnswer | undefined;
  readonly assignmentRequests?: readonly EmulatedAssignmentRequest[] | undefined;
  /**
   * Answer to reprocessing a request Graph does not reprocess: one not in deliveryFailed or
   * partiallyDelivered, or completed more than 14 days ago. Graph documents no answer for it.
   * Default 400 BadRequest.
   */
  readonly notReprocessableRequestReprocess?: GraphErrorAnswer | undefined;
  readonly catalogs?: readonly EmulatedCatalog[] | undefined;
  /**
   * The entitlement-management clock, in epoch milliseconds: the 14-day request window, scripted
   * reprocess outcomes and new completedDateTimes read it (tokens keep the real clock). Default Date.now.
   */
  readonly now?: (() => number) | undefined;
  /** Default page size of the assignment list when the caller sends no $top. Default 100. */
  readonly pageSize?: number | undefined;
  readonly managedIdentityPrincipalId?: string | undefined;
  readonly managedIdentityClientId?: string | undefined;
  readonly rateLimit?: RateLimit | undefined;
  readonly tokenLifetimeSeconds?: number | undefined;
  /**
   * How long past its expiry a token is still accepted, as Entra's validators allow for clock skew
   * (5 minutes by default there). Default 0: expired means refused.
   */
  readonly tokenClockSkewSeconds?: number | undefined;
}

interface BearerToken {
  readonly audience: string;
  readonly roles: ReadonlySet<string>;
  readonly expiresAtSeconds: number | undefined;
}

// A token that is present but unreadable is cached as null, distinct from "not seen yet".
type BearerReading = BearerToken | null | undefined;

interface GraphExchange {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string;
  readonly bearer: BearerReading;
  readonly responder: GraphResponder;
}

const readWriteRole = "EntitlementManagement.ReadWrite.All";
const readRoles: readonly string[] = ["EntitlementManagement.Read.All", readWriteRole];
const entitlementManagementPath = "/v1.0/identityGovernance/entitlementManagement";
const assignmentsPath = `${entitlementManagementPath}/assignments`;
const assignmentRequestsPath = `${entitlementManagementPath}/assignmentRequests`;
const accessPackagesPath = `${entitlementManagementPath}/accessPackages`;
const assignmentProperties = ["id", "state", "status", "expiredDateTime", "schedule", "customExtensionCalloutInstances"];
const assignmentRequestProperties = ["id", "requestType", "state", "status", "createdDateTime", "completedDateTime", "justification", "schedule"];
const accessPackageProperties = ["id", "displayName", "description", "isHidden", "createdDateTime", "modifiedDateTime"];
const requestExpandable: Readonly<Record<string, readonly string[]>> = {
  accessPackage: ["id", "displayName"],
  requestor: ["objectId", "subjectType"],
};
// Graph lets only these be reprocessed, and only within the window of their completion.
const reprocessableRequestStates: ReadonlySet<AssignmentRequestState> = new Set(["deliveryFailed", "partiallyDelivered"]);
const servicePrincipalProperties = ["id", "appId", "displayName", "servicePrincipalType", "appRoles"];
const tenantId = "0b7e1f8a-5c3d-4e2f-9a6b-1c2d3e4f5a6b";
const defaultManagedIdentityPrincipalId = "3f9c2b7a-6d41-4e8a-b5c0-7a1e9d2f4c83";
const defaultManagedIdentityClientId = "8d2e4a61-1b7c-4f35-9e08-c6a3b5d7f912";
const maxTop = 999;

// Assumed from Graph's general error vocabulary; any specific code can be injected as a fault.
const defaultErrorCodes = new Map<number, string>([
  [400, "BadRequest"],
  [401, "InvalidAuthenticationToken"],
  [403, "Authorization_RequestDenied"],
  [404, "ResourceNotFound"],
  [409, "Conflict"],
  [429, "TooManyRequests"],
  [500, "InternalServerError"],
  [502, "BadGateway"],
  [503, "ServiceUnavailable"],
  [504, "GatewayTimeout"],
]);

const statusByState: Readonly<Record<AssignmentState, string>> = {
  delivering: "Delivering",
  partiallyDelivered: "PartiallyDelivered",
  delivered: "Delivered",
  expired: "Expired",
  deliveryFailed: "DeliveryFailed",
};

// The request's free-text `status`; Graph documents it as "more information about the request
// processing status" without listing values, so these follow the state.
const requestStatusByState: Readonly<Record<AssignmentRequestState, string>> = {
  submitted: "Accepted",
  pendingApproval: "PendingApproval",
  delivering: "Delivering",
  delivered: "Delivered",
  deliveryFailed: "DeliveryFailed",
  denied: "Denied",
  scheduled: "Scheduled",
  canceled: "Canceled",
  partiallyDelivered: "PartiallyDelivered",
};

/**
 * Microsoft Graph (the v1.0 slice the reprocessor uses) over HTTPS on 127.0.0.1, plus the App
 * Service managed identity endpoint that issues the tokens it accepts.
 *
 * MSAL remembers the first IDENTITY_ENDPOINT and IDENTITY_HEADER it sees for the life of the
 * process, so a test file should share one emulator (reconfigured through its setters) or start
 * successive ones with the same `identityPort` and `identityHeader`.
 */
export class GraphEmulator {
  readonly requests: RecordedGraphRequest[] = [];
  readonly baseUrl: string;
  readonly identityEndpoint: string;
  readonly identityHeader: string;
  readonly cloud: GraphCloudName;
  /** The scope a client asks the credential for, e.g. `https://graph.microsoft.com/.default`. */
  readonly graphScope: string;
  readonly managedIdentityPrincipalId: string;
  readonly managedIdentityClientId: string;
  private readonly tokenClockSkewSeconds: number;

  private readonly expectedAudience: string;
  // Graph's 401 challenge; it names no claims, so the bearer policy hands the 401 back as is.
  private readonly challenge: Readonly<Record<string, string>>;
  private readonly assignments = new Map<string, EmulatedAssignment>();
  // Bumped on every change so cached filter results know when they are stale.
  private assignmentsVersion = 0;
  private readonly filterResults = new Map<string, { version: number; items: EmulatedAssignment[] }>();
  private readonly reprocessCounts = new Map<string, number>();
  private reprocessTotal = 0;
  private readonly assignmentTimeline = new ReprocessTimeline();
  private readonly assignmentRequests = new Map<string, EmulatedAssignmentRequest>();
  private readonly requestTimeline = new ReprocessTimeline();
  private readonly requestReprocessCounts = new Map<string, number>();
  private notReprocessableRequestReprocess: GraphErrorAnswer;
  // Every access package of every catalog, in seeding order, keyed by id, with its catalog.
  private readonly accessPackages = new Map<string, { readonly catalogId: string; readonly accessPackage: EmulatedAccessPackage }>();
  private readonly now: () => number;
  private throttledTotal = 0;
  private readonly faults = new FaultInjector();
  private rateLimiter: TokenBucket | undefined;
  private grantedRoles: readonly string[];
  private nonDeliveredReprocess: GraphErrorAnswer;
  private readonly pageSize: number;
  private readonly directory: ServicePrincipalDirectory;
  private readonly roleAssignments = new EntitlementRoleAssignments(entitlementRoleDefinitions);
  private readonly delayTimers = new Set<NodeJS.Timeout>();
  // Benchmarks send thousands of requests with the same few tokens: decode each token once.
  private readonly bearerCache = new Map<string, BearerToken | null>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    port: number,
    private readonly identity: ManagedIdentityEndpoint,
    options: GraphEmulatorOptions,
  ) {
    this.baseUrl = `https://127.0.0.1:${port}`;
    this.identityEndpoint = identity.endpoint;
    this.identityHeader = identity.header;
    this.cloud = options.cloud ?? "Global";
    const cloud = nationalClouds[this.cloud];
    this.graphScope = cloud.graphScope;
    this.expectedAudience = withoutTrailingSlash(cloud.graphEndpoint);
    this.challenge = {
      "www-authenticate": `Bearer realm="", authorization_uri="${cloud.authorityHost}/common/oauth2/authorize", client_id="${graphServicePrincipal.appId}"`,
    };
    this.managedIdentityPrincipalId = options.managedIdentityPrincipalId ?? defaultManagedIdentityPrincipalId;
    this.managedIdentityClientId = options.managedIdentityClientId ?? defaultManagedIdentityClientId;
    this.tokenClockSkewSeconds = options.tokenClockSkewSeconds ?? 0;
    this.grantedRoles = options.grantedRoles ?? [readWriteRole];
    this.nonDeliveredReprocess = options.nonDeliveredReprocess ?? {
      // What Graph really answers for a non-delivered assignment is unconfirmed (design §2); this
      // default is a guess, and the option lets tests cover whatever the real answer turns out to be.
      status: 400,
      code: "BadRequest",
      message: "The access package assignment is not in the Delivered state and cannot be reprocessed.",
    };
    this.notReprocessableRequestReprocess = options.notReprocessableRequestReprocess ?? {
      // Graph documents when a request can be reprocessed, not what it answers otherwise: a guess,
      // replaceable per test like nonDeliveredReprocess.
      status: 400,
      code: "BadRequest",
      message: "The access package assignment request cannot be reprocessed: only a request in deliveryFailed or partiallyDelivered, within 14 days of its completion, can.",
    };
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > maxTop) {
      throw new RangeError(`pageSize must be a whole number in 1..${maxTop}`);
    }
    this.directory = new ServicePrincipalDirectory([
      graphServicePrincipal,
      {
        id: this.managedIdentityPrincipalId,
        appId: this.managedIdentityClientId,
        displayName: "entra-assignment-reprocessor",
        servicePrincipalType: "ManagedIdentity",
        appRoles: [],
      },
    ]);
    identity.claimsSource = (clientId) => this.claimsFor(clientId);
    for (const assignment of options.assignments ?? []) this.upsertAssignment(assignment);
    for (const request of options.assignmentRequests ?? []) this.upsertAssignmentRequest(request);
    for (const catalog of options.catalogs ?? []) this.upsertCatalog(catalog);
    if (options.rateLimit !== undefined) this.setRateLimit(options.rateLimit);
  }

  static async start(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
    const [cert, key] = await Promise.all([readFile(testCertificate.certPath), readFile(testCertificate.keyPath)]);
    const server = createServer({ cert, key });
    const port = await listenOnLoopback(server, options.port ?? 0);
    let identity: ManagedIdentityEndpoint;
    try {
      identity = await ManagedIdentityEndpoint.start({
        port: options.identityPort,
        header: options.identityHeader,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds,
      });
    } catch (error) {
      server.close();
      throw error;
    }
    try {
      const emulator = new GraphEmulator(server, port, identity, options);
      server.on("request", emulator.handleRequest);
      return emulator;
    } catch (error) {
      // Invalid options or seeds must not leave listening servers behind.
      server.close();
      await identity.close();
      throw error;
    }
  }

  get identityRequests(): readonly RecordedIdentityRequest[] {
    return this.identity.requests;
  }

  /** Replaces any assignment with the same id, cancelling a reprocess it had under way. */
  upsertAssignment(assignment: EmulatedAssignment): void {
    if (!isGuid(assignment.id)) {
      throw new RangeError(`Graph only serves assignments with GUID ids, not '${assignment.id}'`);
    }
    checkScriptedReprocess(assignment.afterReprocess, assignment.id);
    const key = assignment.id.toLowerCase();
    this.assignmentTimeline.cancel(key);
    this.assignments.set(key, { ...assignment });
    this.assignmentsVersion++;
  }

  /** As Graph would answer now on the emulator's clock, a scripted reprocess that has ended included. */
  getAssignment(id: string): EmulatedAssignment | undefined {
    this.settleAssignments();
    return this.assignments.get(id.toLowerCase());
  }

  /** Replaces any request with the same id, cancelling a reprocess it had under way. */
  upsertAssignmentRequest(request: EmulatedAssignmentRequest): void {
    if (!isGuid(request.id)) {
      throw new RangeError(`Graph only serves assignment requests with GUID ids, not '${request.id}'`);
    }
    for (const [name, value] of [["createdDateTime", request.createdDateTime], ["completedDateTime", request.completedDateTime]] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw new RangeError(`${name} of request '${request.id}' must be an ISO date, not '${value}'`);
    }
    checkScriptedReprocess(request.afterReprocess, request.id);
    const key = request.id.toLowerCase();
    this.requestTimeline.cancel(key);
    this.assignmentRequests.set(key, { ...request });
  }

  /** As Graph would answer now on the emulator's clock, a scripted reprocess that has ended included. */
  getAssignmentRequest(id: string): EmulatedAssignmentRequest | undefined {
    this.settleRequests();
    return this.assignmentRequests.get(id.toLowerCase());
  }

  /** Adds a catalog's access packages; an access package seeded before moves to this catalog. */
  upsertCatalog(catalog: EmulatedCatalog): void {
    for (const accessPackage of [catalog, ...catalog.accessPackages]) {
      if (!isGuid(accessPackage.id)) throw new RangeError(`Graph only serves catalogs and access packages with GUID ids, not '${accessPackage.id}'`);
    }
    for (const accessPackage of catalog.accessPackages) {
      this.accessPackages.set(accessPackage.id.toLowerCase(), { catalogId: catalog.id.toLowerCase(), accessPackage: { ...accessPackage } });
    }
  }

  /** Accepted reprocesses of one request. */
  requestReprocessCount(id: string): number {
    return this.requestReprocessCounts.get(id.toLowerCase()) ?? 0;
  }

  reprocessCount(id: string): number {
    return this.reprocessCounts.get(id.toLowerCase()) ?? 0;
  }

  totalReprocesses(): number {
    return this.reprocessTotal;
  }

  /** Every 429 sent, whether from the rate limit or an injected throttle. */
  throttledCount(): number {
    return this.throttledTotal;
  }

  injectFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  setFaultRate(rate: FaultRate): void {
    this.faults.setRate(rate);
  }

  /** Drops pending fault rules and the random fault rate. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Applies to reprocess calls (of assignments and of requests) only; undefined lifts the limit. */
  setRateLimit(limit: RateLimit | undefined): void {
    this.rateLimiter = limit === undefined ? undefined : new TokenBucket(limit, performance.now());
  }

  /** Roles for tokens issued from now on; tokens already cached by clients keep theirs. */
  setGrantedRoles(roles: readonly string[]): void {
    this.grantedRoles = [...roles];
  }

  setNonDeliveredReprocess(answer: GraphErrorAnswer): void {
    this.nonDeliveredReprocess = answer;
  }

  setNotReprocessableRequestReprocess(answer: GraphErrorAnswer): void {
    this.notReprocessableRequestReprocess = answer;
  }

  /**
   * Makes the next `times` token requests fail with `status`. MSAL retries 404, 408, 429 and 5xx
   * three times a second apart; other statuses fail the credential at once.
   */
  failIdentity(failure: IdentityFailure): void {
    this.identity.fail(failure);
  }

  /** Refuses a share of token requests from now on (undefined stops it); see failIdentity for statuses. */
  setIdentityFailureRate(failureRate: IdentityFailureRate | undefined): void {
    this.identity.setFailureRate(failureRate);
  }

  /** Token requests the managed identity endpoint refused. */
  get identityRefusals(): number {
    return this.identity.refused;
  }

  appRoleAssignments(): readonly EmulatedAppRoleAssignment[] {
    return this.directory.appRoleAssignments();
  }

  /** Undoes grants, so tests sharing one emulator do not see each other's. */
  clearAppRoleAssignments(): void {
    this.directory.clearAppRoleAssignments();
  }

  /** Entitlement management role assignments made through roleManagement/entitlementManagement. */
  entitlementRoleAssignments(): readonly EmulatedRoleAssignment[] {
    return this.roleAssignments.all();
  }

  clearEntitlementRoleAssignments(): void {
    this.roleAssignments.clear();
  }

  clearRecords(): void {
    this.requests.length = 0;
    this.identity.requests.length = 0;
  }

  /** Closes both servers, destroying open connections, hung ones included. */
  async close(): Promise<void> {
    this.closing ??= this.closeServers();
    await this.closing;
  }

  private async closeServers(): Promise<void> {
    for (const timer of this.delayTimers) clearTimeout(timer);
    this.delayTimers.clear();
    const graphClosed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    this.server.closeAllConnections();
    await Promise.all([graphClosed, this.identity.close()]);
  }

  private claimsFor(clientId: string | undefined): Record<string, unknown> {
    const roles = [...new Set([...this.grantedRoles, ...this.directory.roleValuesOf(this.managedIdentityPrincipalId)])];
    return {
      iss: `https://sts.windows.net/${tenantId}/`,
      tid: tenantId,
      appid: clientId ?? this.managedIdentityClientId,
      oid: this.managedIdentityPrincipalId,
      sub: this.managedIdentityPrincipalId,
      idtyp: "app",
      // Entra leaves the claim out when nothing is granted, so clients must cope with its absence.
      ...(roles.length === 0 ? {} : { roles }),
    };
  }

  private readonly handleRequest = (request: IncomingMessage, response: ServerResponse): void => {
    const receivedAtMs = Date.now();
    const method = request.method ?? "GET";
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = decodePath(queryStart === -1 ? url : url.slice(0, queryStart));
    const sentClientRequestId = singleHeader(request.headers["client-request-id"]);
    const bearer = this.readBearer(request.headers.authorization);
    const record: RecordedGraphRequest = {
      method,
      path,
      url,
      headers: recordableHeaders(request.headers),
      ...(bearer ? { audience: bearer.audience } : {}),
      ...(sentClientRequestId === undefined ? {} : { clientRequestId: sentClientRequestId }),
      status: 0,
      receivedAtMs,
    };
    this.requests.push(record);
    const responder = new GraphResponder(response, record, randomUUID(), sentClientRequestId ?? randomUUID());
    const fault = this.faults.next(method, path, operationOf(method, path));
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
    });
    request.on("end", () => {
      const body = chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8");
      const query = queryStart === -1 ? "" : url.slice(queryStart + 1);
      const exchange: GraphExchange = { method, path, query, body, bearer, responder };
      if (fault === undefined) this.route(exchange);
      else this.applyFault(fault, exchange, request);
    });
  };

  private applyFault(fault: Fault, exchange: GraphExchange, request: IncomingMessage): void {
    const { responder } = exchange;
    switch (fault.kind) {
      case "throttle":
        this.throttledTotal++;
        responder.error(
          429,
          "TooManyRequests",
          "Too many requests.",
          fault.retryAfterSeconds === undefined ? undefined : { "retry-after": String(fault.retryAfterSeconds) },
        );
        return;
      case "status":
        if (fault.status === 429) this.throttledTotal++;
        if (fault.body === undefined) {
          responder.error(fault.status, fault.code ?? defaultErrorCodes.get(fault.status) ?? "UnknownError", `Injected ${fault.status} fault.`);
        } else {
          responder.text(fault.status, fault.body, fault.contentType ?? "text/plain");
        }
        return;
      case "reset":
        request.socket.destroy();
        return;
      case "delay": {
        const timer = setTimeout(() => {
          this.delayTimers.delete(timer);
          this.route(exchange);
        }, fault.delayMs);
        this.delayTimers.add(timer);
        return;
      }
      case "hang":
        return;
    }
  }

  private route(exchange: GraphExchange): void {
    const token = this.authenticate(exchange);
    if (token === undefined) return;
    const { path, responder } = exchange;
    if (path === "/beta" || path.startsWith("/beta/")) {
      responder.error(400, "BadRequest", "The Graph emulator serves v1.0 only; the app must not depend on beta.");
      return;
    }
    const segments = path.startsWith("/v1.0/") ? path.slice("/v1.0/".length).split("/") : [];
    const root = segments[0]?.toLowerCase();
    if (root === "identitygovernance") {
      this.routeEntitlementManagement(exchange, token, segments);
    } else if (root === "serviceprincipals") {
      this.routeServicePrincipals(exchange, segments);
    } else if (root === "rolemanagement") {
      this.routeEntitlementRoles(exchange, segments);
    } else {
      notFound(exchange);
    }
  }

  private authenticate(exchange: GraphExchange): BearerToken | undefined {
    const { bearer, responder } = exchange;
    let message: string | undefined;
    if (bearer === undefined) message = "Access token is empty.";
    else if (bearer === null) message = "CompactToken parsing failed with error code: 80049217";
    else if (bearer.expiresAtSeconds !== undefined && (bearer.expiresAtSeconds + this.tokenClockSkewSeconds) * 1000 < Date.now()) {
      message = "Lifetime validation failed, the token is expired.";
    } else if (bearer.audience !== this.expectedAudience) {
      message = "Access token validation failure. Invalid audience.";
    }
    if (message === undefined) return bearer ?? undefined;
    responder.error(401, "InvalidAuthenticationToken", message, this.challenge);
    return undefined;
  }

  private readBearer(authorization: string | undefined): BearerReading {
    if (authorization === undefined) return undefined;
    const cached = this.bearerCache.get(authorization);
    if (cached !== undefined) return cached;
    const token = parseBearer(authorization);
    if (this.bearerCache.size >= 1000) this.bearerCache.clear();
    this.bearerCache.set(authorization, token);
    return token;
  }

  private routeEntitlementManagement(exchange: GraphExchange, token: BearerToken, segments: readonly string[]): void {
    const collection = segments[2]?.toLowerCase();
    if (segments[1]?.toLowerCase() !== "entitlementmanagement") {
      notFound(exchange);
      return;
    }
    const id = segments[3];
    if (collection === "accesspackages" && segments.length === 3) {
      if (allowMethod(exchange, "GET") && requireRole(exchange, token, readRoles)) this.listAccessPackages(exchange);
      return;
    }
    // Assignments and requests share one shape of routes: the list, one item, and its reprocess action.
    const requests = collection === "assignmentrequests";
    if (collection !== "assignments" && !requests) {
      notFound(exchange);
    } else if (segments.length === 3) {
      if (!allowMethod(exchange, "GET") || !requireRole(exchange, token, readRoles)) return;
      if (requests) this.listAssignmentRequests(exchange);
      else this.listAssignments(exchange);
    } else if (segments.length === 4 && id !== undefined) {
      if (!allowMethod(exchange, "GET") || !requireRole(exchange, token, readRoles)) return;
      if (requests) this.getAssignmentRequestResponse(exchange, id);
      else this.getAssignmentResponse(exchange, id);
    } else if (segments.length === 5 && id !== undefined && segments[4]?.toLowerCase() === "reprocess") {
      if (!allowMethod(exchange, "POST") || !requireRole(exchange, token, [readWriteRole])) return;
      if (requests) this.reprocessAssignmentRequest(exchange, id);
      else this.reprocess(exchange, id);
    } else {
      notFound(exchange);
    }
  }

  private getAssignmentResponse(exchange: GraphExchange, id: string): void {
    const { responder } = exchange;
    const query = readQuery(exchange, ["$select", "$expand"]);
    if (query === undefined) return;
    const shape = readAssignmentShape(exchange, query);
    if (shape === undefined) return;
    if (!isGuid(id)) {
      responder.error(400, "BadRequest", `Invalid key '${id}': the access package assignment id must be a GUID.`);
      return;
    }
    const assignment = this.getAssignment(id);
    if (assignment === undefined) {
      assignmentNotFound(exchange, id);
      return;
    }
    responder.json(200, {
      "@odata.context": `${this.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/assignments${shape.contextSuffix}/$entity`,
      ...assignmentResource(assignment, shape),
    });
  }

  private listAssignments(exchange: GraphExchange): void {
    const { responder } = exchange;
    const query = readQuery(exchange, ["$select", "$expand", "$filter", "$top", "$skiptoken"]);
    if (query === undefined) return;
    const shape = readAssignmentShape(exchange, query);
    if (shape === undefined) return;
    let filter: AssignmentFilter = {};
    const filterText = query.get("$filter");
    if (filterText !== null) {
      const parsed = parseAssignmentFilter(filterText);
      if (!parsed.ok) {
        responder.error(400, "BadRequest", parsed.message);
        return;
      }
      filter = parsed.filter;
    }
    const window = this.readPageWindow(exchange, query);
    if (window === undefined) return;
    const { top, offset } = window;
    this.settleAssignments();
    const matching = this.matchingAssignments(filter);
    const page = matching.slice(offset, offset + top);
    const next = offset + top < matching.length ? { "@odata.nextLink": this.nextLink(query, offset + top, assignmentsPath) } : {};
    responder.json(200, {
      "@odata.context": `${this.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/assignments${shape.contextSuffix}`,
      ...next,
      value: page.map((assignment) => assignmentResource(assignment, shape)),
    });
  }

  // Paging a large filtered set must not rescan every assignment per page: the match list is
  // computed once per filter and reused until an assignment changes.
  private matchingAssignments(filter: AssignmentFilter): EmulatedAssignment[] {
    const key = `${filter.state ?? ""}|${filter.accessPackageId ?? ""}|${filter.targetObjectId ?? ""}`;
    const cached = this.filterResults.get(key);
    if (cached?.version === this.assignmentsVersion) return cached.items;
    const items = [...this.assignments.values()].filter((assignment) => assignmentMatches(filter, assignment));
    if (this.filterResults.size >= 64) this.filterResults.clear();
    this.filterResults.set(key, { version: this.assignmentsVersion, items });
    return items;
  }

  /** `$top` (default the page size) and the offset a `$skiptoken` carries; undefined after answering 400. */
  private readPageWindow(exchange: GraphExchange, query: URLSearchParams): { top: number; offset: number } | undefined {
    const topText = query.get("$top");
    const top = topText === null ? this.pageSize : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > maxTop) {
      exchange.responder.error(400, "BadRequest", `$top must be a whole number in 1..${maxTop}.`);
      return undefined;
    }
    const skipToken = query.get("$skiptoken");
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    if (offset === undefined) {
      exchange.responder.error(400, "BadRequest", "The $skiptoken is not one this service issued.");
      return undefined;
    }
    return { top, offset };
  }

  private nextLink(query: URLSearchParams, offset: number, path: string): string {
    const parts: string[] = [];
    for (const [name, value] of query) {
      if (name !== "$skiptoken") parts.push(`${name}=${encodeURIComponent(value)}`);
    }
    parts.push(`$skiptoken=${encodeSkipToken(offset)}`);
    return `${this.baseUrl}${path}?${parts.join("&")}`;
  }

  /** True after answering 429: the rate limit stands for Graph's write throttling, so it applies to writes only. */
  private throttled(exchange: GraphExchange): boolean {
    if (this.rateLimiter === undefined) return false;
    const retryAfterSeconds = this.rateLimiter.tryTake(performance.now());
    if (retryAfterSeconds <= 0) return false;
    this.throttledTotal++;
    exchange.responder.error(429, "TooManyRequests", "Too many requests.", { "retry-after": String(retryAfterSeconds) });
    return true;
  }

  private reprocess(exchange: GraphExchange, id: string): void {
    const { responder } = exchange;
    if (this.throttled(exchange)) return;
    if (!isGuid(id)) {
      responder.error(400, "BadRequest", `Invalid key '${id}': the access package assignment id must be a GUID.`);
      return;
    }
    const key = id.toLowerCase();
    const assignment = this.getAssignment(key);
    if (assignment === undefined) {
      assignmentNotFound(exchange, id);
      return;
    }
    if (assignment.state !== "delivered") {
      const answer = this.nonDeliveredReprocess;
      responder.error(answer.status, answer.code, answer.message);
      return;
    }
    this.reprocessCounts.set(key, (this.reprocessCounts.get(key) ?? 0) + 1);
    this.reprocessTotal++;
    // Unscripted, the assignment stays delivered and nothing changes, so fan-out benchmarks keep
    // their cached filter results.
    if (assignment.afterReprocess !== undefined) {
      this.assignments.set(key, { ...assignment, state: "delivering" });
      this.assignmentsVersion++;
      this.assignmentTimeline.start(key, assignment.afterReprocess, this.now());
    }
    responder.empty(202);
  }

  private settleAssignments(): void {
    for (const settled of this.assignmentTimeline.settle(this.now())) {
      const assignment = this.assignments.get(settled.id);
      if (assignment === undefined) continue;
      this.assignments.set(settled.id, { ...assignment, state: settled.state });
      this.assignmentsVersion++;
    }
  }

  private settleRequests(): void {
    for (const settled of this.requestTimeline.settle(this.now())) {
      const request = this.assignmentRequests.get(settled.id);
      if (request === undefined) continue;
      // A delivered request completed again; one that failed again keeps its completedDateTime, so
      // a failing reprocess never extends the 14-day window (Graph does not say which it does).
      const completedDateTime = settled.state === "delivered" ? new Date(settled.endedAtMs).toISOString() : request.completedDateTime;
      this.assignmentRequests.set(settled.id, { ...request, state: settled.state, completedDateTime });
    }
  }

  private getAssignmentRequestResponse(exchange: GraphExchange, id: string): void {
    const query = readQuery(exchange, ["$select", "$expand"]);
    if (query === undefined) return;
    const shape = readRequestShape(exchange, query);
    if (shape === undefined) return;
    if (!isGuid(id)) {
      exchange.responder.error(400, "BadRequest", `Invalid key '${id}': the access package assignment request id must be a GUID.`);
      return;
    }
    const request = this.getAssignmentRequest(id);
    if (request === undefined) {
      requestNotFound(exchange, id);
      return;
    }
    exchange.responder.json(200, {
      "@odata.context": `${this.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/assignmentRequests${shape.contextSuffix}/$entity`,
      ...this.requestResource(request, shape),
    });
  }

  private listAssignmentRequests(exchange: GraphExchange): void {
    const query = readQuery(exchange, ["$select", "$expand", "$filter", "$top", "$skiptoken"]);
    if (query === undefined) return;
    const shape = readRequestShape(exchange, query);
    if (shape === undefined) return;
    let filter: AssignmentRequestFilter = {};
    const filterText = query.get("$filter");
    if (filterText !== null) {
      const parsed = parseAssignmentRequestFilter(filterText);
      if (!parsed.ok) {
        exchange.responder.error(400, "BadRequest", parsed.message);
        return;
      }
      filter = parsed.filter;
    }
    const window = this.readPageWindow(exchange, query);
    if (window === undefined) return;
    const { top, offset } = window;
    this.settleRequests();
    const matching = [...this.assignmentRequests.values()].filter((request) => assignmentRequestMatches(filter, request));
    const next = offset + top < matching.length ? { "@odata.nextLink": this.nextLink(query, offset + top, assignmentRequestsPath) } : {};
    exchange.responder.json(200, {
      "@odata.context": `${this.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/assignmentRequests${shape.contextSuffix}`,
      ...next,
      value: matching.slice(offset, offset + top).map((request) => this.requestResource(request, shape)),
    });
  }

  private reprocessAssignmentRequest(exchange: GraphExchange, id: string): void {
    if (this.throttled(exchange)) return;
    if (!isGuid(id)) {
      exchange.responder.error(400, "BadRequest", `Invalid key '${id}': the access package assignment request id must be a GUID.`);
      return;
    }
    const key = id.toLowerCase();
    const request = this.getAssignmentRequest(key);
    if (request === undefined) {
      requestNotFound(exchange, id);
      return;
    }
    const nowMs = this.now();
    const completedMs = request.completedDateTime === undefined ? Number.NaN : Date.parse(request.completedDateTime);
    if (!reprocessableRequestStates.has(request.state) || !(nowMs - completedMs <= requestReprocessWindowMs)) {
      const answer = this.notReprocessableRequestReprocess;
      exchange.responder.error(answer.status, answer.code, answer.message);
      return;
    }
    this.requestReprocessCounts.set(key, (this.requestReprocessCounts.get(key) ?? 0) + 1);
    this.assignmentRequests.set(key, { ...request, state: "delivering" });
    this.requestTimeline.start(key, request.afterReprocess ?? deliveredAtOnce, nowMs);
    exchange.responder.empty(202);
  }

  private requestResource(request: EmulatedAssignmentRequest, shape: RequestShape): Record<string, unknown> {
    const full: Record<string, unknown> = {
      id: request.id,
      requestType: request.requestType,
      state: request.state,
      status: requestStatusByState[request.state],
      createdDateTime: request.createdDateTime,
      completedDateTime: request.completedDateTime ?? null,
      justification: null,
      schedule: { startDateTime: request.createdDateTime, recurrence: null, expiration: { endDateTime: null, duration: null, type: "noExpiration" } },
    };
    const resource: Record<string, unknown> = shape.select === undefined ? full : Object.fromEntries(shape.select.map((name) => [name, full[name]]));
    for (const expansion of shape.expansions) {
      const related: Record<string, unknown> =
        expansion.name === "accessPackage"
          ? { id: request.accessPackageId, displayName: this.accessPackages.get(request.accessPackageId.toLowerCase())?.accessPackage.displayName ?? null }
          : { objectId: request.requestorObjectId, subjectType: "user" };
      resource[expansion.name] = expansion.select === undefined ? related : Object.fromEntries(expansion.select.map((name) => [name, related[name]]));
    }
    return resource;
  }

  private listAccessPackages(exchange: GraphExchange): void {
    const query = readQuery(exchange, ["$select", "$filter", "$top", "$skiptoken"]);
    if (query === undefined) return;
    const filterText = query.get("$filter");
    let catalogId: string | undefined;
    if (filterText !== null) {
      catalogId = /^\s*catalog\/id\s+eq\s+'([^']*)'\s*$/i.exec(filterText)?.[1];
      if (catalogId === undefined || !isGuid(catalogId)) {
        exchange.responder.error(400, "BadRequest", `Unsupported or invalid filter '${filterText}': the emulator filters access packages by catalog/id eq '<GUID>' only.`);
        return;
      }
      catalogId = catalogId.toLowerCase();
    }
    const window = this.readPageWindow(exchange, query);
    if (window === undefined) return;
    const { top, offset } = window;
    // An unknown catalog has no access packages: Graph filters, it does not look the catalog up.
    const matching = [...this.accessPackages.values()].filter((entry) => catalogId === undefined || entry.catalogId === catalogId);
    const value: Record<string, unknown>[] = [];
    for (const { accessPackage } of matching.slice(offset, offset + top)) {
      const full = { id: accessPackage.id, displayName: accessPackage.displayName, description: "", isHidden: false, createdDateTime: "2026-01-01T00:00:00Z", modifiedDateTime: "2026-01-01T00:00:00Z" };
      const selected = selectProperties(exchange, full, query.get("$select"), accessPackageProperties, "microsoft.graph.accessPackage");
      if (selected === undefined) return;
      value.push(selected);
    }
    const next = offset + top < matching.length ? { "@odata.nextLink": this.nextLink(query, offset + top, accessPackagesPath) } : {};
    exchange.responder.json(200, { "@odata.context": `${this.baseUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/accessPackages`, ...next, value });
  }

  // Only a valid token is required here: the grant is run by an administrator whose delegated
  // token carries directory roles the emulator does not model.
  private routeServicePrincipals(exchange: GraphExchange, segments: readonly string[]): void {
    const { responder } = exchange;
    const id = segments[1];
    if (segments.length === 1) {
      if (allowMethod(exchange, "GET")) this.listServicePrincipals(exchange);
      return;
    }
    if (id === undefined || segments.length > 3 || (segments.length === 3 && segments[2]?.toLowerCase() !== "approleassignedto")) {
      notFound(exchange);
      return;
    }
    if (!isGuid(id)) {
      responder.error(400, "Request_BadRequest", `Invalid object identifier '${id}'.`);
      return;
    }
    const principal = this.directory.get(id);
    if (principal === undefined) {
      responder.error(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
      return;
    }
    if (segments.length === 2) {
      if (!allowMethod(exchange, "GET")) return;
      const query = readQuery(exchange, ["$select"]);
      const selected = query && selectProperties(exchange, principal, query.get("$select"), servicePrincipalProperties);
      if (selected === undefined) return;
      responder.json(200, { "@odata.context": `${this.baseUrl}/v1.0/$metadata#servicePrincipals/$entity`, ...selected });
      return;
    }
    const context = `${this.baseUrl}/v1.0/$metadata#servicePrincipals('${principal.id}')/appRoleAssignedTo`;
    if (exchange.method === "GET") {
      this.listAppRoleAssignedTo(exchange, principal.id, context);
    } else if (allowMethod(exchange, "POST")) {
      this.grantAppRole(exchange, principal.id, context);
    }
  }

  // Paged like the assignment list (Microsoft Graph's own service principal carries every
  // application permission in the tenant, so real clients must follow nextLink here too).
  private listAppRoleAssignedTo(exchange: GraphExchange, resourceId: string, context: string): void {
    const query = readQuery(exchange, ["$skiptoken"]);
    if (query === undefined) return;
    const skipToken = query.get("$skiptoken");
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    if (offset === undefined) {
      exchange.responder.error(400, "BadRequest", "The $skiptoken is not one this service issued.");
      return;
    }
    const all = this.directory.assignedTo(resourceId);
    const next =
      offset + this.pageSize < all.length
        ? { "@odata.nextLink": `${this.baseUrl}/v1.0/servicePrincipals/${resourceId}/appRoleAssignedTo?$skiptoken=${encodeSkipToken(offset + this.pageSize)}` }
        : {};
    exchange.responder.json(200, { "@odata.context": context, ...next, value: all.slice(offset, offset + this.pageSize) });
  }

  private listServicePrincipals(exchange: GraphExchange): void {
    const { responder } = exchange;
    const query = readQuery(exchange, ["$filter", "$select"]);
    if (query === undefined) return;
    const filterText = query.get("$filter");
    let principals = this.directory.all();
    if (filterText !== null) {
      const appId = /^\s*appId\s+eq\s+'([^']*)'\s*$/i.exec(filterText)?.[1];
      if (appId === undefined) {
        responder.error(400, "Request_UnsupportedQuery", `Unsupported query: the emulator filters service principals by appId eq only, not '${filterText}'.`);
        return;
      }
      principals = this.directory.findByAppId(appId);
    }
    const value: Record<string, unknown>[] = [];
    for (const principal of principals) {
      const selected = selectProperties(exchange, principal, query.get("$select"), servicePrincipalProperties);
      if (selected === undefined) return;
      value.push(selected);
    }
    responder.json(200, { "@odata.context": `${this.baseUrl}/v1.0/$metadata#servicePrincipals`, value });
  }

  // Like the service principal routes, only a valid token is required: the grant is run by an
  // administrator whose directory roles the emulator does not model.
  private routeEntitlementRoles(exchange: GraphExchange, segments: readonly string[]): void {
    const collection = segments[2]?.toLowerCase();
    if (segments.length !== 3 || segments[1]?.toLowerCase() !== "entitlementmanagement") {
      notFound(exchange);
    } else if (collection === "roledefinitions") {
      if (allowMethod(exchange, "GET")) this.listRoleDefinitions(exchange);
    } else if (collection === "roleassignments") {
      if (exchange.method === "GET") this.listRoleAssignments(exchange);
      else if (allowMethod(exchange, "POST")) this.createRoleAssignment(exchange);
    } else {
      notFound(exchange);
    }
  }

  private listRoleDefinitions(exchange: GraphExchange): void {
    const query = readQuery(exchange, ["$filter", "$select"]);
    if (query === undefined) return;
    const clauses = readEqClauses(exchange, query.get("$filter"), ["id", "displayName"]);
    if (clauses === undefined) return;
    // Exact, case-sensitive comparison: what Graph does with the case of a display name is not
    // documented, and a client that finds roles by template id does not care.
    const definitions = entitlementRoleDefinitions.filter((definition) =>
      Object.entries(clauses).every(([name, value]) => (name === "id" ? definition.id === value.toLowerCase() : definition.displayName === value)),
    );
    const value: Record<string, unknown>[] = [];
    for (const definition of definitions) {
      const selected = selectProperties(exchange, definition, query.get("$select"), ["id", "displayName", "description", "isBuiltIn", "isEnabled", "templateId", "version"]);
      if (selected === undefined) return;
      value.push(selected);
    }
    exchange.responder.json(200, { "@odata.context": `${this.baseUrl}/v1.0/$metadata#roleManagement/entitlementManagement/roleDefinitions`, value });
  }

  private listRoleAssignments(exchange: GraphExchange): void {
    const query = readQuery(exchange, ["$filter", "$select"]);
    if (query === undefined) return;
    const filterText = query.get("$filter");
    if (filterText === null) {
      // Graph lists entitlement management role assignments only for a principal or a role.
      exchange.responder.error(400, "BadRequest", "A $filter on principalId or roleDefinitionId is required to list role assignments.");
      return;
    }
    const clauses = readEqClauses(exchange, filterText, ["principalId", "roleDefinitionId", "appScopeId"]);
    if (clauses === undefined) return;
    const value: Record<string, unknown>[] = [];
    for (const assignment of this.roleAssignments.find(clauses)) {
      const selected = selectProperties(exchange, assignment, query.get("$select"), ["id", "principalId", "roleDefinitionId", "appScopeId", "directoryScopeId"]);
      if (selected === undefined) return;
      value.push(selected);
    }
    exchange.responder.json(200, { "@odata.context": `${this.baseUrl}/v1.0/$metadata#roleManagement/entitlementManagement/roleAssignments`, value });
  }

  private createRoleAssignment(exchange: GraphExchange): void {
    const { responder } = exchange;
    const request = readRoleAssignmentBody(exchange.body);
    if (request === undefined) {
      responder.error(400, "BadRequest", "The body must be JSON with GUID principalId and roleDefinitionId, and an appScopeId.");
      return;
    }
    if (this.directory.get(request.principalId) === undefined) {
      responder.error(404, "Request_ResourceNotFound", `Resource '${request.principalId}' does not exist or one of its queried reference-property objects are not present.`);
      return;
    }
    const outcome = this.roleAssignments.assign(request);
    if (!outcome.ok) {
      responder.error(outcome.status, outcome.code, outcome.message);
      return;
    }
    responder.json(201, { "@odata.context": `${this.baseUrl}/v1.0/$metadata#roleManagement/entitlementManagement/roleAssignments/$entity`, ...outcome.assignment });
  }

  private grantAppRole(exchange: GraphExchange, resourceId: string, context: string): void {
    const { responder } = exchange;
    const request = readAppRoleAssignmentBody(exchange.body);
    if (request === undefined) {
      responder.error(400, "Request_BadRequest", "The body must be JSON with GUID principalId, resourceId and appRoleId.");
      return;
    }
    if (request.resourceId.toLowerCase() !== resourceId.toLowerCase()) {
      responder.error(400, "Request_BadRequest", "resourceId must be the service principal named in the URL.");
      return;
    }
    const outcome = this.directory.assign(request);
    if (!outcome.ok) {
      responder.error(outcome.status, outcome.code, outcome.message);
      return;
    }
    responder.json(201, { "@odata.context": `${context}/$entity`, ...outcome.assignment });
  }
}

interface AssignmentShape {
  readonly select: readonly string[] | undefined;
  readonly expandTarget: boolean;
  readonly expandAccessPackage: boolean;
  readonly contextSuffix: string;
}

function assignmentResource(assignment: EmulatedAssignment, shape: AssignmentShape): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: assignment.id,
    state: assignment.state,
    status: statusByState[assignment.state],
    expiredDateTime: assignment.state === "expired" ? "2026-01-31T00:00:00Z" : null,
    schedule: {
      startDateTime: "2026-01-01T00:00:00Z",
      recurrence: null,
      expiration: { endDateTime: null, duration: null, type: "noExpiration" },
    },
    customExtensionCalloutInstances: [],
  };
  let resource = full;
  if (shape.select !== undefined) {
    resource = {};
    for (const name of shape.select) resource[name] = full[name];
  }
  if (shape.expandAccessPackage) resource.accessPackage = { id: assignment.accessPackageId };
  if (shape.expandTarget) resource.target = { objectId: assignment.targetObjectId };
  return resource;
}

function readAssignmentShape(exchange: GraphExchange, query: URLSearchParams): AssignmentShape | undefined {
  const selectText = query.get("$select");
  const selected = selectText === null ? undefined : canonicalNames(selectText, assignmentProperties);
  if (typeof selected === "string") {
    exchange.responder.error(400, "BadRequest", `Could not find a property named '${selected}' on type 'microsoft.graph.accessPackageAssignment'.`);
    return undefined;
  }
  const select = selected;
  let expandTarget = false;
  let expandAccessPackage = false;
  const expandText = query.get("$expand");
  if (expandText !== null) {
    const expanded = expandText.trim() === "*" ? ["accessPackage", "target"] : canonicalNames(expandText, ["accessPackage", "target"]);
    if (typeof expanded === "string") {
      exchange.responder.error(400, "BadRequest", `The emulator expands target and accessPackage only, not '${expanded}'.`);
      return undefined;
    }
    expandTarget = expanded.includes("target");
    expandAccessPackage = expanded.includes("accessPackage");
  }
  const contextNames = [...(select ?? []), ...(expandAccessPackage ? ["accessPackage()"] : []), ...(expandTarget ? ["target()"] : [])];
  const contextSuffix = select === undefined && contextNames.length === 0 ? "" : `(${contextNames.join(",")})`;
  return { select, expandTarget, expandAccessPackage, contextSuffix };
}

interface RequestShape {
  readonly select: readonly string[] | undefined;
  readonly expansions: readonly Expansion[];
  readonly contextSuffix: string;
}

function readRequestShape(exchange: GraphExchange, query: URLSearchParams): RequestShape | undefined {
  const selectText = query.get("$select");
  const select = selectText === null ? undefined : canonicalNames(selectText, assignmentRequestProperties);
  if (typeof select === "string") {
    exchange.responder.error(400, "BadRequest", `Could not find a property named '${select}' on type 'microsoft.graph.accessPackageAssignmentRequest'.`);
    return undefined;
  }
  const expandText = query.get("$expand");
  const expanded = expandText === null ? { ok: true as const, expansions: [] } : parseExpandOption(expandText, requestExpandable);
  if (!expanded.ok) {
    exchange.responder.error(400, "BadRequest", expanded.message);
    return undefined;
  }
  const contextNames = [...(select ?? []), ...expanded.expansions.map((expansion) => `${expansion.name}(${(expansion.select ?? []).join(",")})`)];
  const contextSuffix = contextNames.length === 0 ? "" : `(${contextNames.join(",")})`;
  return { select, expansions: expanded.expansions, contextSuffix };
}

/** The canonical spelling of each listed name, or the first name that is not known. */
function canonicalNames(list: string, known: readonly string[]): string[] | string {
  const names: string[] = [];
  for (const raw of list.split(",")) {
    const name = raw.trim();
    const canonical = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (canonical === undefined) return name;
    if (!names.includes(canonical)) names.push(canonical);
  }
  return names;
}

function selectProperties(
  exchange: GraphExchange,
  resource: object,
  selectText: string | null,
  known: readonly string[],
  typeName = "microsoft.graph.servicePrincipal",
): Record<string, unknown> | undefined {
  const all = resource as Readonly<Record<string, unknown>>;
  if (selectText === null) return { ...all };
  const names = canonicalNames(selectText, known);
  if (typeof names === "string") {
    exchange.responder.error(400, "Request_BadRequest", `Could not find a property named '${names}' on type '${typeName}'.`);
    return undefined;
  }
  const selected: Record<string, unknown> = {};
  for (const name of names) selected[name] = all[name];
  return selected;
}

// Unknown $-options are refused rather than ignored, so a client that depends on one ($count,
// $orderby, ...) learns it here instead of silently getting unfiltered or unordered data.
function readQuery(exchange: GraphExchange, allowed: readonly string[]): URLSearchParams | undefined {
  const query = new URLSearchParams(exchange.query);
  for (const name of query.keys()) {
    if (name.startsWith("$") && !allowed.includes(name)) {
      exchange.responder.error(400, "BadRequest", `Query option '${name}' is not supported here by the emulator.`);
      return undefined;
    }
  }
  return query;
}

/** A request body's JSON object; undefined for anything else, which the emulator answers with 400. */
function readJsonObject(body: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  // Not the app's own JSON helpers: the emulator stands in for Graph and must not share the app's bugs.
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

function readAppRoleAssignmentBody(body: string): { principalId: string; resourceId: string; appRoleId: string } | undefined {
  const { principalId, resourceId, appRoleId } = readJsonObject(body) ?? {};
  if (typeof principalId !== "string" || typeof resourceId !== "string" || typeof appRoleId !== "string") return undefined;
  if (!isGuid(principalId) || !isGuid(resourceId) || !isGuid(appRoleId)) return undefined;
  return { principalId, resourceId, appRoleId };
}

function readRoleAssignmentBody(body: string): { principalId: string; roleDefinitionId: string; appScopeId: string } | undefined {
  const { principalId, roleDefinitionId, appScopeId } = readJsonObject(body) ?? {};
  if (typeof principalId !== "string" || typeof roleDefinitionId !== "string" || typeof appScopeId !== "string") return undefined;
  if (!isGuid(principalId) || !isGuid(roleDefinitionId)) return undefined;
  return { principalId, roleDefinitionId, appScopeId };
}

/** `name eq 'value'` clauses joined by `and`, on the listed properties only; undefined after answering 400. */
function readEqClauses(exchange: GraphExchange, filterText: string | null, known: readonly string[]): Record<string, string> | undefined {
  const clauses: Record<string, string> = {};
  if (filterText === null) return clauses;
  for (const clause of filterText.split(/\s+and\s+/i)) {
    const match = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
    const name = known.find((candidate) => candidate.toLowerCase() === match?.[1]?.toLowerCase());
    if (match?.[2] === undefined || name === undefined) {
      exchange.responder.error(400, "BadRequest", `Unsupported query: the emulator filters with eq on ${known.join(", ")} only, not '${filterText}'.`);
      return undefined;
    }
    clauses[name] = match[2];
  }
  return clauses;
}

function allowMethod(exchange: GraphExchange, method: string): boolean {
  if (exchange.method === method) return true;
  exchange.responder.error(405, "Request_BadRequest", `The HTTP method '${exchange.method}' is not allowed for this resource.`, { allow: method });
  return false;
}

function requireRole(exchange: GraphExchange, token: BearerToken, anyOf: readonly string[]): boolean {
  if (anyOf.some((role) => token.roles.has(role))) return true;
  exchange.responder.error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  return false;
}

function notFound(exchange: GraphExchange): void {
  exchange.responder.error(404, "NotFound", `No HTTP resource was found that matches the request URI '${exchange.path}'.`);
}

// Graph's exact code and message for an unknown assignment are not documented; this is a
// realistic stand-in, and clients should branch on the 404 status.
function assignmentNotFound(exchange: GraphExchange, id: string): void {
  exchange.responder.error(404, "ResourceNotFound", `The access package assignment '${id}' was not found.`);
}

// Like assignmentNotFound: undocumented code and message, so clients should branch on the status.
function requestNotFound(exchange: GraphExchange, id: string): void {
  exchange.responder.error(404, "ResourceNotFound", `The access package assignment request '${id}' was not found.`);
}

function parseBearer(authorization: string): BearerToken | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const claims = match?.[1] === undefined ? undefined : decodeJwtClaims(match[1]);
  if (claims === undefined || typeof claims.aud !== "string") return null;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === "string") : [];
  return {
    audience: withoutTrailingSlash(claims.aud),
    roles: new Set(roles),
    expiresAtSeconds: typeof claims.exp === "number" ? claims.exp : undefined,
  };
}

function recordableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === "authorization") {
      // Tokens must never end up in test output or benchmark files.
      const scheme = /^\S+/.exec(String(value))?.[0] ?? "Bearer";
      recorded[name] = `${scheme} <redacted>`;
    } else {
      recorded[name] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return recorded;
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeSkipToken(token: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const offset = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).offset : undefined;
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
