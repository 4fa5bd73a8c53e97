import { describe, expect, it } from "vitest";
import { listDeliveredAssignmentPage } from "../../src/core/deliveredAssignmentPage";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import { seedAssignments } from "../support/graph/seedAssignments";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const accessPackageId = deterministicGuid("accessPackage", 3, 0);
const assignments = seedAssignments({ count: 250, scope: 3, states: ["delivered", "expired"] });
const delivered = assignments.filter((assignment) => assignment.state === "delivered").map((assignment) => assignment.id);

describe("listDeliveredAssignmentPage", () => {
  const bed = useGraphTestBed({ emulator: { assignments } });
  const options = () => ({ abortSignal: AbortSignal.timeout(10_000) });

  it("lists only delivered assignments matching the filter, ids only, one Graph page", async () => {
    const page = await listDeliveredAssignmentPage(bed.client, { filter: { accessPackageId } }, options());
    expect(page).toMatchObject({ ok: true, assignmentIds: delivered.slice(0, 100), skipped: 0 });
    expect(decodeURIComponent(bed.emulator.requests[0]?.url ?? "")).toContain(`$filter=state eq 'delivered' and accessPackage/id eq '${accessPackageId}'&$select=id`);
  });

  it("hands back Graph's nextLink, and following it gives the rest", async () => {
    const first = await listDeliveredAssignmentPage(bed.client, { filter: { accessPackageId } }, options());
    const nextLink = first.ok ? first.nextLink : undefined;
    expect(nextLink).toBeDefined();
    const second = await listDeliveredAssignmentPage(bed.client, { filter: { accessPackageId }, ...(nextLink === undefined ? {} : { nextLink }) }, options());
    expect(second).toMatchObject({ ok: true, assignmentIds: delivered.slice(100) });
    expect(second.ok && second.nextLink).toBeUndefined();
  });

  it("returns the Graph client's refusal, without a request, for a nextLink to another host", async () => {
    const page = await listDeliveredAssignmentPage(bed.client, { filter: { accessPackageId }, nextLink: "https://graph.example.com/v1.0/identityGovernance/entitlementManagement/assignments" }, options());
    expect(!page.ok && page.error.code).toBe("invalidNextLink");
    expect(bed.emulator.requests).toEqual([]);
  });

  it("returns Graph's error as a value when Graph throttles", async () => {
    bed.emulator.injectFault({ fault: { kind: "throttle", retryAfterSeconds: 60 } });
    const page = await listDeliveredAssignmentPage(bed.client, { filter: { accessPackageId } }, options());
    expect(!page.ok && { status: page.error.status, retryAfterMs: page.error.retryAfterMs }).toEqual({ status: 429, retryAfterMs: 60_000 });
  });
});
