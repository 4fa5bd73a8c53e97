import { parseCollectionPage } from "./graphCollectionPage";
import { isRecord, optionalString } from "../shared/jsonRecord";

/** v1.0 `accessPackageRequestState` values. */
export const assignmentRequestStates = [
  "submitted",
  "pendingApproval",
  "delivering",
  "delivered",
  "deliveryFailed",
  "denied",
  "scheduled",
  "canceled",
  "partiallyDelivered",
  "unknownFutureValue",
] as const;

export type AssignmentRequestState = (typeof assignmentRequestStates)[number];

/** The part of an accessPackageAssignmentRequest this app reads; Graph may send more. */
export interface AccessPackageAssignmentRequest {
  readonly id: string;
  readonly state?: string;
  readonly status?: string;
  readonly requestType?: string;
  /** ISO strings as Graph sends them: the app compares them, it never needs to rewrite them. */
  readonly createdDateTime?: string;
  readonly completedDateTime?: string;
  /** From `$expand=accessPackage($select=id)`. */
  readonly accessPackageId?: string;
  /**
   * From `$expand=requestor($select=objectId)`. Graph documents requestor as "the subject who
   * requested or, if a direct assignment, was assigned": the target, for every request type.
   */
  readonly requestorObjectId?: string;
}

export interface AssignmentRequestPage {
  readonly requests: readonly AccessPackageAssignmentRequest[];
  /** Absolute `@odata.nextLink`, when there is another page. */
  readonly nextLink?: string;
}

/** `state` and `createdDateTime` are the request list's filterable properties (completedDateTime is not). */
export interface AssignmentRequestFilter {
  readonly state?: AssignmentRequestState;
  readonly createdOnOrAfter?: Date;
}

export function isAssignmentRequestState(value: string): value is AssignmentRequestState {
  return (assignmentRequestStates as readonly string[]).includes(value);
}

export function parseAssignmentRequest(value: unknown): AccessPackageAssignmentRequest | undefined {
  if (!isRecord(value) || typeof value.id !== "string") {
    return undefined;
  }
  const accessPackage = value.accessPackage;
  const requestor = value.requestor;
  const parsed: { -readonly [K in keyof AccessPackageAssignmentRequest]: AccessPackageAssignmentRequest[K] } = { id: value.id };
  for (const key of ["state", "status", "requestType", "createdDateTime", "completedDateTime"] as const) {
    const text = optionalString(value, key);
    if (text !== undefined) parsed[key] = text;
  }
  const accessPackageId = isRecord(accessPackage) ? optionalString(accessPackage, "id") : undefined;
  const requestorObjectId = isRecord(requestor) ? optionalString(requestor, "objectId") : undefined;
  if (accessPackageId !== undefined) parsed.accessPackageId = accessPackageId;
  if (requestorObjectId !== undefined) parsed.requestorObjectId = requestorObjectId;
  return parsed;
}

export function parseAssignmentRequestPage(value: unknown): AssignmentRequestPage | undefined {
  const page = parseCollectionPage(value, parseAssignmentRequest);
  if (page === undefined) {
    return undefined;
  }
  return page.nextLink === undefined ? { requests: page.items } : { requests: page.items, nextLink: page.nextLink };
}
