import { describe, expect, it } from "vitest";
import { batchMessages } from "../../src/queue/batchMessages";

const a = "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b";
const pkg = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

describe("batchMessages", () => {
  it("makes one first-attempt reprocess message per id, named after the request and the id", () => {
    expect(batchMessages("req-1", { kind: "ids", assignmentIds: [a], rejected: [] })).toEqual([
      { messageId: `req-1:${a}`, body: { type: "reprocess", assignmentId: a }, applicationProperties: { attempt: 1, requestId: "req-1" } },
    ]);
  });

  it("makes one expand message for the first page of a filter", () => {
    expect(batchMessages("req-1", { kind: "filter", filter: { accessPackageId: pkg } })).toEqual([
      { messageId: "req-1:page:1", body: { type: "expand", accessPackageId: pkg }, applicationProperties: { attempt: 1, requestId: "req-1", page: 1 } },
    ]);
  });
});
