import { describe, expect, it } from "vitest";
import { isGuid } from "./isGuid";
import { seedAssignments } from "./seedAssignments";

describe("seedAssignments", () => {
  it("creates the same GUIDs on every call", () => {
    expect(seedAssignments({ count: 3, scope: 5 })).toEqual(seedAssignments({ count: 3, scope: 5 }));
  });

  it("creates ids, targets and access packages that are valid GUIDs", () => {
    const [assignment] = seedAssignments({ count: 1 });

    expect([assignment?.id, assignment?.targetObjectId, assignment?.accessPackageId].every((id) => isGuid(id ?? ""))).toBe(true);
  });

  it("cycles through the given states in order", () => {
    const states = seedAssignments({ count: 5, states: ["delivered", "expired"] }).map((a) => a.state);

    expect(states).toEqual(["delivered", "expired", "delivered", "expired", "delivered"]);
  });

  it("never repeats an id across scopes", () => {
    const ids = [...seedAssignments({ count: 50, scope: 1 }), ...seedAssignments({ count: 50, scope: 2 })].map((a) => a.id);

    expect(new Set(ids).size).toBe(100);
  });
});
