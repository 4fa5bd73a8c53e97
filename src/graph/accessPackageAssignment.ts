import { parseCollectionPage } from "./graphCollectionPage";
import { isRecord, optionalString } from "../shared/jsonRecord";

/** v1.0 `accessPackageAssignmentState` values. */
export const assignmentStates = ["delivering", "partiallyDelivered", "delivered", "expired", "deliveryFailed", "unknownFutureValue"] as const;

export type AssignmentState = (typeof assignmentStates)[number];

/** The part of an accessPackageAssignment this app reads; Graph may send more. */
export interface AccessPackageAssignment {
  readonly id: string;
  readonly state?: string;
  readonly status?: string;
  readonly accessPackageId?: string;
  readonly targetObjectId?: string;
}

export interface AssignmentPage {
  readonly assignments: readonly AccessPackageAssignment[];
  /** Absolute `@odata.nextLink`, when there is another page. */
  readonly nextLink?: string;
}

export function parseAssignment(value: unknown): AccessPackageAssignment | undefined {
  if (!isRecord(value) || typeof value.id !== "string") {
    return undefined;
  }
  const accessPackage = value.accessPackage;
  const target = value.target;
  const parsed: { -readonly [K in keyof AccessPackageAssignment]: AccessPackageAssignment[K] } = { id: value.id };
  const state = optionalString(value, "state");
  const status = optionalString(value, "status");
  const accessPackageId = isRecord(accessPackage) ? optionalString(accessPackage, "id") : undefined;
  const targetObjectId = isRecord(target) ? optionalString(target, "objectId") : undefined;
  if (state !== undefined) parsed.state = state;
  if (status !== undefined) parsed.status = status;
  if (accessPackageId !== undefined) parsed.accessPackageId = accessPackageId;
  if (targetObjectId !== undefined) parsed.targetObjectId = targetObjectId;
  return parsed;
}

export function parseAssignmentPage(value: unknown): AssignmentPage | undefined {
  const page = parseCollectionPage(value, parseAssignment);
  if (page === undefined) {
    return undefined;
  }
  return page.nextLink === undefined ? { assignments: page.items } : { assignments: page.items, nextLink: page.nextLink };
}
