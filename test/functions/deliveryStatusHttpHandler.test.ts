import { describe, expect, it } from "vitest";
import { DeliveryStatusReader } from "../../src/core/deliveryStatusReader";
import { noTelemetry } from "../../src/core/telemetry";
import { createGetAssignmentHttpHandler, getAssignmentRoute } from "../../src/functions/getAssignmentHttp";
import { createGetAssignmentRequestHttpHandler, getAssignmentRequestRoute } from "../../src/functions/getAssignmentRequestHttp";
import { seedAssignmentRequests } from "../support/graph/seedAssignmentRequests";
import { useGraphTestBed } from "../support/graph/useGraphTestBed";
import { invokeHttp } from "../support/host/functionInvocation";
import { functionRouteUrl } from "../support/host/functionRouteUrl";

const delivering = "11111111-1111-4111-8111-111111111111";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const unknown = "66666666-6666-4666-8666-666666666666";
const [failedRequest] = seedAssignmentRequests({ count: 1, scope: 0x7e2, states: ["deliveryFailed"], agesMs: [86_400_000] });
const requestId = failedRequest?.id ?? "";

interface ErrorBody {
  readonly error: { readonly code: string };
}

describe("GET /api/assignments/{id} and GET /api/assignmentRequests/{id}", () => {
  const bed = useGraphTestBed({ emulator: { assignments: [{ id: delivering, state: "delivering", accessPackageId: pkg, targetObjectId: pkg }], assignmentRequests: failedRequest === undefined ? [] : [failedRequest] } });
  const getAssignment = (id: string) => invokeHttp(createGetAssignmentHttpHandler({ reader: new DeliveryStatusReader(bed.client), telemetry: noTelemetry }), { method: "GET", url: functionRouteUrl(getAssignmentRoute, { id }), params: { id } });
  const getRequest = (id: string) =>
    invokeHttp(createGetAssignmentRequestHttpHandler({ reader: new DeliveryStatusReader(bed.client), telemetry: noTelemetry }), { method: "GET", url: functionRouteUrl(getAssignmentRequestRoute, { id }), params: { id } });

  it("answers an assignment with 200 and its state as Graph reports it now, judged for delivery", async () => {
    const { response } = await getAssignment(delivering.toUpperCase());
    expect([response.status, await response.json()]).toEqual([200, { id: delivering, state: "delivering", status: "Delivering", delivery: "inProgress" }]);
  });

  it("reads the state with one GET that selects only what it answers", async () => {
    await getAssignment(delivering);
    expect(bed.emulator.requests.map((request) => `${request.method} ${decodeURIComponent(request.url)}`)).toEqual([`GET /v1.0/identityGovernance/entitlementManagement/assignments/${delivering}?$select=id,state,status`]);
  });

  it("answers a request with 200, its state, type and times, and no person's details", async () => {
    const { response } = await getRequest(requestId);
    expect(await response.json()).toEqual({
      id: requestId,
      state: "deliveryFailed",
      status: "DeliveryFailed",
      delivery: "notDelivered",
      requestType: failedRequest?.requestType,
      createdDateTime: failedRequest?.createdDateTime,
      completedDateTime: failedRequest?.completedDateTime,
    });
  });

  it("carries Graph's request-id and our client-request-id in headers", async () => {
    const { response } = await getAssignment(delivering);
    expect(response.headers.get("client-request-id")).toBe(bed.emulator.requests.at(-1)?.clientRequestId);
  });

  it("answers 400 invalidAssignmentId for an id that is not a GUID, without calling Graph", async () => {
    const { response } = await getAssignment("not-a-guid");
    expect([response.status, ((await response.json()) as ErrorBody).error.code, bed.emulator.requests.length]).toEqual([400, "invalidAssignmentId", 0]);
  });

  it("answers 404 assignmentNotFound and 404 assignmentRequestNotFound for unknown ids", async () => {
    const codes = [];
    for (const { response } of [await getAssignment(unknown), await getRequest(unknown)]) codes.push([response.status, ((await response.json()) as ErrorBody).error.code]);
    expect(codes).toEqual([
      [404, "assignmentNotFound"],
      [404, "assignmentRequestNotFound"],
    ]);
  });

  it("answers 429 with Retry-After while Graph throttles the read", async () => {
    bed.emulator.injectFault({ match: { operation: "getAssignmentRequest" }, fault: { kind: "throttle", retryAfterSeconds: 7 }, times: 10 });
    const { response } = await getRequest(requestId);
    expect([response.status, response.headers.get("retry-after")]).toEqual([429, "7"]);
  });
});
