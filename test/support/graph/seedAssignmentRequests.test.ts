import { describe, expect, it } from "vitest";
import { assignmentRequestStates, requestReprocessWindowMs } from "./emulatedAssignmentRequest";
import { isGuid } from "./isGuid";
import { seedAssignmentRequests } from "./seedAssignmentRequests";
import { seedAssignments } from "./seedAssignments";

const nowMs = Date.parse("2026-11-20T12:00:00.000Z");

describe("seedAssignmentRequests", () => {
  it("creates the same requests on every call with the same clock", () => {
    expect(seedAssignmentRequests({ count: 3, scope: 5, nowMs })).toEqual(seedAssignmentRequests({ count: 3, scope: 5, nowMs }));
  });

  it("creates ids, requestors and access packages that are valid GUIDs", () => {
    const [request] = seedAssignmentRequests({ count: 1, nowMs });

    expect([request?.id, request?.requestorObjectId, request?.accessPackageId].every((id) => isGuid(id ?? ""))).toBe(true);
  });

  it("cycles through every seedable state by default", () => {
    const states = seedAssignmentRequests({ count: assignmentRequestStates.length, nowMs }).map((request) => request.state);

    expect(states).toEqual([...assignmentRequestStates]);
  });

  it("gives completed requests completedDateTimes both inside and outside the 14-day window", () => {
    const ages = seedAssignmentRequests({ count: 20, nowMs, states: ["deliveryFailed"] }).map((request) => nowMs - Date.parse(request.completedDateTime ?? ""));

    expect(ages.some((age) => age <= requestReprocessWindowMs)).toBe(true);
    expect(ages.some((age) => age > requestReprocessWindowMs)).toBe(true);
  });

  it("leaves completedDateTime out of requests that have not completed", () => {
    const [pending] = seedAssignmentRequests({ count: 1, nowMs, states: ["pendingApproval"] });

    expect(pending?.completedDateTime).toBeUndefined();
  });

  it("names as requestor the target seedAssignments gives the same scope and index", () => {
    const [request] = seedAssignmentRequests({ count: 1, scope: 3, nowMs });
    const [assignment] = seedAssignments({ count: 1, scope: 3 });

    expect([request?.requestorObjectId, request?.accessPackageId]).toEqual([assignment?.targetObjectId, assignment?.accessPackageId]);
  });

  it("never repeats an id across scopes", () => {
    const ids = [...seedAssignmentRequests({ count: 50, scope: 1, nowMs }), ...seedAssignmentRequests({ count: 50, scope: 2, nowMs })].map((request) => request.id);

    expect(new Set(ids).size).toBe(100);
  });
});
