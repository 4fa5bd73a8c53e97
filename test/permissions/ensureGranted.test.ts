import { describe, expect, it } from "vitest";
import { ensureGranted, type EnsureGrantedOptions } from "../../src/permissions/ensureGranted";
import { grantFailure } from "../../src/permissions/grantFailure";
import type { GrantTarget } from "../../src/permissions/grantResult";
import { graphServicePrincipal } from "../support/graph/graphServicePrincipal";
import { usePermissionTestBed } from "../support/graph/usePermissionTestBed";

const readWriteRoleId = "9acd699f-1e81-4958-b001-93b1d2506e19";
const emptyList = { kind: "status", status: 200, body: JSON.stringify({ value: [] }), contentType: "application/json" } as const;

// The app role grant through the real permission client: ensureGranted decides only when to call,
// so what it is tested with is Graph's real answers (the emulator's) to real requests.
describe("ensureGranted", () => {
  const bed = usePermissionTestBed();

  function appRoleGrant(overrides: Partial<EnsureGrantedOptions> = {}): EnsureGrantedOptions {
    const principal = { id: bed.emulator.managedIdentityPrincipalId, appId: bed.emulator.managedIdentityClientId, displayName: undefined };
    const target: GrantTarget = { kind: "appRole", principal, resourceId: graphServicePrincipal.id, appRoleId: readWriteRoleId, appRoleValue: "EntitlementManagement.ReadWrite.All" };
    return {
      target,
      find: async (abortSignal) => {
        const assigned = await bed.client.listAppRoleAssignedTo(graphServicePrincipal.id, { abortSignal });
        if (!assigned.ok) return grantFailure("readGrants", "read the grants", assigned.error, "read hint");
        return assigned.value.some((assignment) => assignment.principalId === principal.id && assignment.appRoleId === readWriteRoleId);
      },
      create: (abortSignal) => bed.client.assignAppRole({ principalId: principal.id, resourceId: graphServicePrincipal.id, appRoleId: readWriteRoleId }, { abortSignal }),
      what: "grant the app role",
      forbiddenHint: "grant hint",
      dryRun: false,
      abortSignal: bed.abortSignal,
      ...overrides,
    };
  }

  const looks = (): number => bed.emulator.requests.filter((request) => request.method === "GET").length;

  it("grants what the look does not find, with Graph's request ids", async () => {
    const result = await ensureGranted(appRoleGrant());

    expect(result).toMatchObject({ status: "granted", graph: { clientRequestId: expect.any(String) as unknown } });
    expect(bed.emulator.appRoleAssignments()).toHaveLength(1);
  });

  it("reports what the look finds as already granted and posts nothing", async () => {
    await ensureGranted(appRoleGrant());
    bed.emulator.clearRecords();

    const result = await ensureGranted(appRoleGrant());

    expect(result.status).toBe("alreadyGranted");
    expect(bed.posts()).toBe(0);
  });

  it("says what it would grant on a dry run and posts nothing", async () => {
    const result = await ensureGranted(appRoleGrant({ dryRun: true }));

    expect(result).toMatchObject({ status: "wouldGrant", target: { appRoleId: readWriteRoleId } });
    expect(bed.posts()).toBe(0);
  });

  it("returns the look's own failure and posts nothing when the grants cannot be read", async () => {
    bed.emulator.injectFault({ match: { method: "GET" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });

    const result = await ensureGranted(appRoleGrant());

    expect(result).toMatchObject({ status: "failed", step: "readGrants" });
    expect(bed.posts()).toBe(0);
  });

  it("looks again when Graph refuses the POST as a duplicate, and then reports already granted", async () => {
    await ensureGranted(appRoleGrant());
    bed.emulator.clearRecords();
    // Another run granted it between the look and the POST: the first look sees nothing.
    bed.emulator.injectFault({ match: { method: "GET" }, fault: emptyList });

    const result = await ensureGranted(appRoleGrant());

    expect(result.status).toBe("alreadyGranted");
    expect(looks()).toBe(2);
  });

  it("reports the refusal when the second look still does not find the grant", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 409, code: "Conflict" } });

    const result = await ensureGranted(appRoleGrant());

    expect(result).toMatchObject({ status: "failed", step: "grant", message: expect.stringMatching(/^Could not grant the app role\. Graph answered 409 Conflict/) as unknown });
  });

  it("does not look again after a refusal that cannot mean the grant exists, and names what the operator lacks", async () => {
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 403, code: "Authorization_RequestDenied" } });

    const result = await ensureGranted(appRoleGrant());

    expect(result).toMatchObject({ status: "failed", step: "grant", message: expect.stringContaining("grant hint") as unknown });
    expect(looks()).toBe(1);
  });

  it("hands its abort signal to every call it makes", async () => {
    const seen: AbortSignal[] = [];
    const grant = appRoleGrant();
    bed.emulator.injectFault({ match: { method: "POST" }, fault: { kind: "status", status: 400, code: "Request_BadRequest" } });

    await ensureGranted({
      ...grant,
      find: (abortSignal) => {
        seen.push(abortSignal);
        return grant.find(abortSignal);
      },
      create: (abortSignal) => {
        seen.push(abortSignal);
        return grant.create(abortSignal);
      },
    });

    expect(seen.map((abortSignal) => abortSignal === bed.abortSignal)).toEqual([true, true, true]);
  });
});
