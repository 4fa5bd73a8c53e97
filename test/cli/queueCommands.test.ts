import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { batchMessages } from "../../src/queue/batchMessages";
import { buildCli, type BuiltCli } from "../support/builtCli";
import type { PeerMessage } from "../support/amqp/peerMessage";
import { startQueueTestBed, startSharedServiceBus, type QueueTestBed, type SharedServiceBus } from "../support/amqp/queueTestBed";
import { spawnNode, type ProcessResult } from "../support/spawnedProcess";

const delivered = "11111111-1111-4111-8111-111111111111";
const expired = "33333333-3333-4333-8333-333333333333";
const unknown = "00000000-0000-4000-8000-00000000dead";
const accessPackageId = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A message as the tests compare it: what a receiver would get, without broker bookkeeping. */
function onTheWire(message: PeerMessage): { messageId: string | undefined; body: unknown; applicationProperties: Record<string, unknown> } {
  return { messageId: message.messageId, body: message.body.kind === "data" ? message.body.json : message.body, applicationProperties: message.applicationProperties };
}

describe("the built CLI's queue commands, run as their own process against the AMQP peer", () => {
  let cli: BuiltCli;
  let serviceBus: SharedServiceBus;
  let bed: QueueTestBed;
  let scratch: string;

  const run = (args: readonly string[]): Promise<ProcessResult> =>
    spawnNode(cli.mainPath, args, {
      PATH: process.env.PATH ?? "",
      GRAPH_CLOUD: "Global",
      ServiceBusConnection: serviceBus.peer.connectionString,
      REPROCESS_QUEUE_NAME: bed.queue.queueName,
      REPROCESS_PARKED_QUEUE_NAME: bed.queue.parkedQueueName,
    }).result;

  /** Parks messages the way the app does: enqueued by the CLI, then handled by the real queue trigger. */
  const park = async (...ids: string[]): Promise<PeerMessage[]> => {
    await run(["enqueue", "--request-id", "to-park", ...ids]);
    await bed.host.runUntilIdle();
    return bed.parked();
  };

  beforeAll(async () => {
    cli = buildCli();
    serviceBus = await startSharedServiceBus();
    scratch = mkdtempSync(join(tmpdir(), "cli-queue-"));
  }, 60_000);

  afterAll(async () => {
    await serviceBus.close();
    rmSync(scratch, { recursive: true, force: true });
    cli.remove();
  });

  // Each test gets queues of its own, so a fault or a remembered message id cannot leak between them.
  beforeEach(async () => {
    bed = await startQueueTestBed({
      serviceBus,
      emulator: { assignments: [{ id: delivered, state: "delivered", accessPackageId, targetObjectId: delivered }, { id: expired, state: "expired", accessPackageId, targetObjectId: expired }] },
    });
  });

  afterEach(async () => {
    expect(bed.peer.errors).toEqual([]);
    await bed.close();
  });

  describe("enqueue", () => {
    it("sends exactly the batch endpoint's messages for the valid ids and exits 1 naming the invalid one", async () => {
      const result = await run(["enqueue", "--request-id", "drift-fix", delivered, expired.toUpperCase(), "not-a-guid"]);

      const expected = batchMessages("drift-fix", { kind: "ids", assignmentIds: [delivered, expired], rejected: [] });
      expect(bed.work().map(onTheWire)).toEqual(expected.map(({ messageId, body, applicationProperties }) => ({ messageId, body, applicationProperties })));
      expect(bed.work().map((message) => message.messageId)).toEqual([`drift-fix:${delivered}`, `drift-fix:${expired}`]);
      expect(result.stdout).toMatch(/invalidId\s+-\s+argument 3\s+"not-a-guid"/);
      expect(result.code).toBe(1);
    });

    it("reads ids from a CSV file under a generated request id and reports a repeated id as a duplicate", async () => {
      const csv = join(scratch, "ids.csv");
      writeFileSync(csv, `user,assignmentId\nalice,${delivered}\nbob,${expired}\ncarol,${delivered}\n`);

      const result = await run(["enqueue", "--json", "--file", csv]);

      const report = JSON.parse(result.stdout) as { requestId: string; sent: number; rejected: { reason: string; source: string }[] };
      expect(report.requestId).toMatch(guid);
      expect(bed.work().map((message) => message.messageId)).toEqual([`${report.requestId}:${delivered}`, `${report.requestId}:${expired}`]);
      expect(report.rejected).toEqual([expect.objectContaining({ reason: "duplicate", source: `${csv}:4` })]);
      expect(result.code).toBe(1);
    });

    it("exits 0 when every id is sent", async () => {
      const result = await run(["enqueue", delivered]);

      expect(bed.work()).toHaveLength(1);
      expect(result.code).toBe(0);
    });

    it("sends one expand message named {requestId}:page:1 for --access-package", async () => {
      const result = await run(["enqueue", "--request-id", "pkg-1", "--access-package", accessPackageId.toUpperCase()]);

      expect(bed.work().map(onTheWire)).toEqual([
        { messageId: "pkg-1:page:1", body: { type: "expand", accessPackageId }, applicationProperties: { attempt: 1, requestId: "pkg-1", page: 1 } },
      ]);
      expect(result.code).toBe(0);
    });

    it("sends nothing twice when run again with the same --request-id", async () => {
      await run(["enqueue", "--request-id", "again", delivered]);

      const second = await run(["enqueue", "--request-id", "again", delivered]);

      expect(bed.work()).toHaveLength(1);
      expect(serviceBus.peer.duplicatesDropped(bed.queue.queueName)).toBe(1);
      expect(second.code).toBe(0);
    });

    it("prints the messages it would send on a dry run and sends none", async () => {
      const result = await run(["enqueue", "--dry-run", "--request-id", "dry", delivered]);

      expect(result.stdout).toMatch(new RegExp(`wouldSend\\s+dry:${delivered}\\s+\\{"attempt":1,"requestId":"dry"\\}\\s+\\{"type":"reprocess","assignmentId":"${delivered}"\\}`));
      expect(bed.work()).toEqual([]);
      expect(result.code).toBe(0);
    });

    it("exits 2 naming --request-id when it is not a valid Idempotency-Key", async () => {
      const result = await run(["enqueue", "--request-id", "has spaces", delivered]);

      expect(result.stderr).toContain("--request-id");
      expect(bed.work()).toEqual([]);
      expect(result.code).toBe(2);
    });
  });

  describe("parked list", () => {
    it("shows each parked message's reason, attempts and Graph ids, and leaves it parked", async () => {
      const parked = await park(unknown, expired);

      const result = await run(["parked", "list", "--json"]);

      const listed = JSON.parse(result.stdout) as Record<string, unknown>[];
      expect(listed).toEqual([
        expect.objectContaining({ messageId: `to-park:${unknown}:parked`, reason: "notFound", attempts: 1, lastStatus: 404, assignmentId: unknown, originalMessageId: `to-park:${unknown}` }),
        expect.objectContaining({ messageId: `to-park:${expired}:parked`, reason: "notDelivered", attempts: 1, assignmentId: expired }),
      ]);
      expect(listed[0]?.graphRequestId).toMatch(guid);
      expect(listed[0]?.clientRequestId).toMatch(guid);
      expect(listed[0]?.enqueuedTimeUtc).toEqual(expect.any(String));
      expect(bed.parked()).toEqual(parked);
      expect(result.code).toBe(0);
    });

    it("shows only the messages parked for --reason", async () => {
      await park(unknown, expired);

      const result = await run(["parked", "list", "--reason", "notdelivered"]);

      expect(result.stdout).toContain(`to-park:${expired}:parked`);
      expect(result.stdout).not.toContain(`to-park:${unknown}:parked`);
    });
  });

  describe("parked replay", () => {
    it("moves every parked message back to the work queue with attempt 1, a deterministic id and no parking properties", async () => {
      const parked = await park(unknown, expired);

      const result = await run(["parked", "replay"]);

      expect(bed.parked()).toEqual([]);
      expect(bed.work().map(onTheWire)).toEqual(
        parked.map((message) => ({
          messageId: `${String(message.applicationProperties.originalMessageId)}:replay:${message.sequenceNumber}`,
          body: message.body.kind === "data" ? message.body.json : undefined,
          applicationProperties: { requestId: "to-park", attempt: 1, replayedFrom: message.messageId },
        })),
      );
      expect(result.code).toBe(0);
    });

    it("moves nothing when run a second time", async () => {
      await park(unknown, expired);
      await run(["parked", "replay"]);
      const afterFirst = bed.work();

      const second = await run(["parked", "replay"]);

      expect(bed.work()).toEqual(afterFirst);
      expect(second.stdout).toContain("0 parked messages");
      expect(second.code).toBe(0);
    });

    it("moves only the messages parked for --reason and leaves the others parked", async () => {
      await park(unknown, expired);

      await run(["parked", "replay", "--reason", "notFound"]);

      expect(bed.work().map((message) => message.body.kind === "data" && message.body.json)).toEqual([{ type: "reprocess", assignmentId: unknown }]);
      expect(bed.parked().map((message) => message.messageId)).toEqual([`to-park:${expired}:parked`]);
    });

    it("lists what would move on a dry run and changes nothing", async () => {
      const parked = await park(unknown);

      const result = await run(["parked", "replay", "--dry-run"]);

      expect(result.stdout).toContain(`to-park:${unknown}:replay:${parked[0]?.sequenceNumber ?? 0}`);
      expect(result.stdout).toContain("wouldReplay");
      expect(bed.parked()).toEqual(parked);
      expect(bed.work()).toEqual([]);
      expect(result.code).toBe(0);
    });

    it("leaves the message parked and exits 1 when the work queue does not take the copy", async () => {
      const parked = await park(unknown);
      // A disabled queue: refused at once, where an internal error would cost the SDK's retries.
      serviceBus.peer.failNext({ operation: "send", queue: bed.queue.queueName, mode: "reject", condition: "com.microsoft:entity-disabled" });

      const result = await run(["parked", "replay"]);

      expect(bed.parked().map((message) => message.messageId)).toEqual(parked.map((message) => message.messageId));
      expect(bed.work()).toEqual([]);
      expect(result.stdout).toContain("notMoved");
      expect(result.code).toBe(1);
    });

    it("does not send the copy twice when a replay was interrupted after sending it", async () => {
      const [parked] = await park(unknown);
      const replayId = `to-park:${unknown}:replay:${parked?.sequenceNumber ?? 0}`;
      // What a replay that died between its send and its complete leaves behind.
      serviceBus.peer.enqueue(bed.queue.queueName, { messageId: replayId, body: { type: "reprocess", assignmentId: unknown } });

      const result = await run(["parked", "replay"]);

      expect(bed.work().map((message) => message.messageId)).toEqual([replayId]);
      expect(serviceBus.peer.duplicatesDropped(bed.queue.queueName)).toBe(1);
      expect(bed.parked()).toEqual([]);
      expect(result.code).toBe(0);
    });
  });
});
