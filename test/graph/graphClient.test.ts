import { describe, expect, it } from "vitest";
import { nationalCloudNames, getNationalCloud } from "../../src/clouds/nationalCloud";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";

const delivered = "11111111-1111-4111-8111-111111111111";
const expired = "22222222-2222-4222-8222-222222222222";
const accessPackageId = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const targetObjectId = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(nationalCloudNames)("GraphClient in cloud %s", (cloudName) => {
  const bed = useGraphTestBed({ cloud: cloudName, emulator: { assignments: [{ id: delivered, state: "delivered", accessPackageId, targetObjectId }] } });
  const cloud = getNationalCloud(cloudName);

  it("asks the identity endpoint for a token for the cloud's Graph resource", async () => {
    await bed.client.reprocessAssignment(delivered);
    expect(bed.emulator.identityRequests.map((request) => request.resource)).toContain(cloud.graphEndpoint);
    expect(bed.emulator.identityRequests.every((request) => request.clientId === bed.clientId)).toBe(true);
  });

  it("calls Graph v1.0 with a token whose audience is the cloud's Graph", async () => {
    const response = await bed.client.reprocessAssignment(delivered);
    expect(response.ok).toBe(true);
    const last = bed.emulator.requests.at(-1);
    expect(last?.path).toBe(`/v1.0/identityGovernance/entitlementManagement/assignments/${delivered}/reprocess`);
    expect(last?.headers.authorization).toBe("Bearer <redacted>");
  });
});

describe("GraphClient", () => {
  const bed = useGraphTestBed({
    emulator: {
      assignments: [
        { id: delivered, state: "delivered", accessPackageId, targetObjectId },
        { id: expired, state: "expired", accessPackageId, targetObjectId },
      ],
    },
  });

  it("sends a fresh GUID client-request-id on every call and keeps Graph's request-id", async () => {
    const first = await bed.client.reprocessAssignment(delivered);
    const second = await bed.client.reprocessAssignment(delivered);
    if (!first.ok || !second.ok) throw new Error("expected success");
    expect(first.ids.clientRequestId).toMatch(guidPattern);
    expect(first.ids.clientRequestId).not.toBe(second.ids.clientRequestId);
    expect(bed.emulator.requests.map((request) => request.clientRequestId)).toEqual([first.ids.clientRequestId, second.ids.clientRequestId]);
    expect(first.ids.requestId).toMatch(guidPattern);
  });

  it("gets an assignment with only the selected properties", async () => {
    const response = await bed.client.getAssignment(expired, { select: ["id", "state"] });
    expect(response.ok && response.value).toEqual({ id: expired, state: "expired" });
    expect(bed.emulator.requests.at(-1)?.url).toContain("$select=id%2Cstate");
  });

  it("answers a missing assignment with a GraphError value carrying status, code and both ids", async () => {
    const response = await bed.client.getAssignment("33333333-3333-4333-8333-333333333333");
    if (response.ok) throw new Error("expected failure");
    expect(response.error.name).toBe("GraphError");
    expect(response.error.status).toBe(404);
    expect(response.error.code).not.toBe("");
    expect(response.error.requestId).toMatch(guidPattern);
    expect(response.error.clientRequestId).toMatch(guidPattern);
  });

  it("lists assignments filtered by state, access package and target", async () => {
    const response = await bed.client.listAssignments({ filter: { state: "delivered", accessPackageId, targetObjectId }, select: ["id", "state"] });
    expect(response.ok && response.value.assignments.map((assignment) => assignment.id)).toEqual([delivered]);
    expect(decodeURIComponent(bed.emulator.requests.at(-1)?.url ?? "")).toContain(
      `$filter=state eq 'delivered' and accessPackage/id eq '${accessPackageId}' and target/objectId eq '${targetObjectId}'`,
    );
  });

  it("follows @odata.nextLink page by page", async () => {
    const ids: string[] = [];
    let page = await bed.client.listAssignments({ top: 1 });
    for (;;) {
      if (!page.ok) throw page.error;
      ids.push(...page.value.assignments.map((assignment) => assignment.id));
      if (page.value.nextLink === undefined) break;
      page = await bed.client.listAssignments({ nextLink: page.value.nextLink });
    }
    expect(ids.sort()).toEqual([delivered, expired]);
  });

  it("refuses to follow a nextLink to another host, without sending anything", async () => {
    const response = await bed.client.listAssignments({ nextLink: "https://evil.example/v1.0/identityGovernance/entitlementManagement/assignments?$skiptoken=x" });
    expect(!response.ok && response.error.code).toBe("invalidNextLink");
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("refuses to follow a nextLink to another path on the same host", async () => {
    const response = await bed.client.listAssignments({ nextLink: `${bed.emulator.baseUrl}/v1.0/servicePrincipals` });
    expect(!response.ok && response.error.code).toBe("invalidNextLink");
    expect(bed.emulator.requests).toHaveLength(0);
  });

  it("reports a success body that is not JSON as an invalidResponse error", async () => {
    bed.emulator.injectFault({ fault: { kind: "status", status: 200, body: "<html>hello</html>", contentType: "text/html" } });
    const response = await bed.client.getAssignment(delivered);
    expect(!response.ok && response.error.code).toBe("invalidResponse");
    expect(!response.ok && response.error.status).toBe(200);
  });

  it("reports an error body that is not JSON with its status", async () => {
    bed.emulator.injectFault({ fault: { kind: "status", status: 418, body: "teapot", contentType: "text/plain" } });
    const response = await bed.client.reprocessAssignment(delivered);
    expect(!response.ok && response.error.status).toBe(418);
  });

  it("throws an AbortError when the caller cancels", async () => {
    bed.emulator.injectFault({ fault: { kind: "delay", delayMs: 1_000 } });
    const controller = new AbortController();
    const call = bed.client.reprocessAssignment(delivered, { abortSignal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 50);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
  });
});
