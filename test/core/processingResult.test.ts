import { describe, expect, it } from "vitest";
import type { ReprocessOutcome } from "../../src/core/reprocessOutcome";
import { GraphError } from "../../src/graph/graphError";
import { processingResultOfListError, processingResultOfOutcome } from "../../src/core/processingResult";

const graph = { requestId: "req", clientRequestId: "client" };
const assignmentId = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const base = { assignmentId, graph, graphCalls: 1 };

describe("processingResultOfOutcome", () => {
  it("treats accepted as done", () => {
    expect(processingResultOfOutcome({ ...base, kind: "accepted" })).toEqual({ kind: "done" });
  });

  it.each<[string, ReprocessOutcome, number | undefined]>([
    ["throttled", { ...base, kind: "throttled", retryAfterMs: 5_000, message: "m" }, 429],
    ["unavailable", { ...base, kind: "unavailable", status: 503, retryAfterMs: 5_000, message: "m" }, 503],
    ["unavailable without a response", { ...base, kind: "unavailable", status: undefined, retryAfterMs: undefined, message: "m" }, undefined],
  ])("treats %s as transient, keeping Retry-After and the status", (_label, outcome, status) => {
    expect(processingResultOfOutcome(outcome)).toMatchObject({ kind: "transient", lastStatus: status, graph });
  });

  it.each<[ReprocessOutcome, string]>([
    [{ kind: "invalidId", reason: "not a GUID", graphCalls: 0 }, "invalidId"],
    [{ ...base, kind: "notFound", message: "m" }, "notFound"],
    [{ ...base, kind: "notDelivered", state: "expired", message: "m" }, "notDelivered"],
    [{ ...base, kind: "forbidden", status: 403, requiredPermission: "EntitlementManagement.ReadWrite.All", message: "m" }, "forbidden"],
    [{ ...base, kind: "failed", status: 418, code: "teapot", message: "m" }, "failed"],
  ])("treats %o as permanent with reason %s", (outcome, reason) => {
    expect(processingResultOfOutcome(outcome)).toMatchObject({ kind: "permanent", reason });
  });
});

describe("processingResultOfListError", () => {
  const error = (status: number | undefined, code: string) => new GraphError("m", { ...(status === undefined ? {} : { status }), code, clientRequestId: "client", retries: 0 });

  it("parks a refused nextLink as malformed, naming invalidNextLink", () => {
    expect(processingResultOfListError(error(undefined, "invalidNextLink"))).toMatchObject({ kind: "permanent", reason: "malformed", description: expect.stringContaining("invalidNextLink") as unknown });
  });

  it.each([[429], [503], [undefined]])("treats a list failure with status %s as transient", (status) => {
    expect(processingResultOfListError(error(status, "x")).kind).toBe("transient");
  });

  it("treats 403 as forbidden", () => {
    expect(processingResultOfListError(error(403, "Authorization_RequestDenied"))).toMatchObject({ kind: "permanent", reason: "forbidden" });
  });

  it("treats an unexpected status as failed", () => {
    expect(processingResultOfListError(error(400, "BadRequest"))).toMatchObject({ kind: "permanent", reason: "failed", lastStatus: 400 });
  });
});
