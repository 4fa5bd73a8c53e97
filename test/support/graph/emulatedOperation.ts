// The Graph client's names for the calls the emulator serves, so a fault can be aimed at one call
// ("the request reprocess") without a path fragment that other routes happen to share.
export type EmulatedOperation =
  | "getAssignment"
  | "reprocessAssignment"
  | "listAssignments"
  | "getAssignmentRequest"
  | "reprocessAssignmentRequest"
  | "listAssignmentRequests"
  | "listAccessPackages";

interface CollectionOperations {
  readonly list: EmulatedOperation;
  readonly get?: EmulatedOperation;
  readonly reprocess?: EmulatedOperation;
}

const operationsByCollection: Readonly<Partial<Record<string, CollectionOperations>>> = {
  assignments: { list: "listAssignments", get: "getAssignment", reprocess: "reprocessAssignment" },
  assignmentrequests: { list: "listAssignmentRequests", get: "getAssignmentRequest", reprocess: "reprocessAssignmentRequest" },
  accesspackages: { list: "listAccessPackages" },
};

/** The operation a request is, as the emulator routes it (segments compare case-insensitively). */
export function operationOf(method: string, path: string): EmulatedOperation | undefined {
  const segments = path.toLowerCase().split("/");
  if (segments[1] !== "v1.0" || segments[2] !== "identitygovernance" || segments[3] !== "entitlementmanagement") return undefined;
  const operations = operationsByCollection[segments[4] ?? ""];
  if (operations === undefined) return undefined;
  if (segments.length === 5 && method === "GET") return operations.list;
  if (segments.length === 6 && method === "GET") return operations.get;
  if (segments.length === 7 && segments[6] === "reprocess" && method === "POST") return operations.reprocess;
  return undefined;
}
