import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxMessageIdLength } from "../../src/queue/messageIds";
import { parseQueueMessage } from "../../src/queue/parseQueueMessage";
import { deterministicGuid } from "../support/graph/deterministicGuid";
import { canonicalAssignmentPath } from "../support/graph/canonicalAssignmentPath";
import { createInvocationContext } from "../support/host/functionInvocation";
import { hostileBodyArbitrary } from "../support/arbitraries/hostileBodyArbitrary";
import { hostileIdArbitrary } from "../support/arbitraries/hostileIdArbitrary";
import { heapUsedAfterGc } from "../support/heapAfterGc";
import { hostileJsonValueArbitrary } from "../support/arbitraries/hostileJsonValueArbitrary";
import type { PeerMessage } from "../support/amqp/peerMessage";
import { startQueueTestBed, type QueueTestBed } from "../support/amqp/queueTestBed";
import { seedAssignments } from "../support/graph/seedAssignments";

const numRuns = 1_000;
const parkReasons: ReadonlySet<unknown> = new Set(["malformed", "invalidId", "notFound", "notDelivered", "forbidden", "failed", "attemptsExhausted"]);
const maxLogLineLength = 1_024;
const heapBoundBytes = 16 * 1024 * 1024;

/**
 * Bytes of a text body, which lives on the V8 heap (a Buffer's bytes do not). Decoded values are not
 * measured (serialising a deeply nested one is itself the costly part); the top-up counts its own.
 */
function heapInputBytes(body: unknown): number {
  return typeof body === "string" ? Buffer.byteLength(body) : 0;
}
// An expand message lists assignments; nothing else but one assignment or its reprocess action.
const assignmentListPath = "/v1.0/identityGovernance/entitlementManagement/assignments";

const seeded = seedAssignments({ count: 6, scope: 0x9e, states: ["delivered", "expired"] });
const ids = hostileIdArbitrary({ knownIds: seeded.map((assignment) => assignment.id), maxHugeLength: 8 * 1024 });
const accessPackageId = deterministicGuid("accessPackage", 0x9e, 0);
const shapes: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constant("reprocess"), assignmentId: ids, checkState: fc.boolean() }, { requiredKeys: ["type", "assignmentId"] }),
  fc.record({ type: fc.constant("expand"), accessPackageId: fc.oneof(fc.constant(accessPackageId), ids), nextLink: fc.webUrl() }, { requiredKeys: ["type"] }),
);
const limits = { shapes, maxBytes: 128 * 1024, maxDepth: 30_000, maxArrayLength: 10_000, maxStringLength: 100_000 };
// The body as the trigger hands it over: decoded JSON, or a Buffer or string of whatever arrived.
const bodies = fc.oneof(
  hostileJsonValueArbitrary(limits),
  hostileBodyArbitrary(limits).map((body) => Buffer.from(body.bytes)),
  hostileBodyArbitrary(limits).map((body) => Buffer.from(body.bytes).toString("utf8")),
);
// Trigger metadata a hand-made or foreign message may carry.
const metadata = fc.record(
  {
    messageId: fc.oneof(fc.string({ maxLength: 128 }), fc.constant("x".repeat(128))),
    deliveryCount: fc.oneof(fc.integer({ min: -1, max: 20 }), fc.constant("2")),
    applicationProperties: fc.record(
      { attempt: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.string({ maxLength: 12 }), fc.double()), requestId: fc.string({ maxLength: 80 }), page: fc.integer(), origin: fc.string({ maxLength: 10 }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

// A thousand generated cases take 1–10 s, but now and then a seed draws several of the largest
// bodies (20,000-element arrays, 50,000 levels deep) and a run takes several times that; on a
// loaded machine that outlier crossed the 30 s default. The properties, not the time, are the test.
describe("the reprocessQueue trigger under generated messages", { timeout: 180_000 }, () => {
  let bed: QueueTestBed;

  beforeAll(async () => {
    // Duplicate detection off: generated message ids repeat, and each run counts what it sent.
    bed = await startQueueTestBed({ emulator: { assignments: seeded }, duplicateDetection: false, graph: { maxInlineRetries: 0 } });
  });
  afterAll(async () => bed.close());

  const drain = (queue: string): PeerMessage[] => bed.peer.takeDue(queue, Number.MAX_SAFE_INTEGER);

  interface Settled {
    readonly body: unknown;
    readonly parked: readonly PeerMessage[];
    readonly sent: readonly PeerMessage[];
    readonly logs: readonly { readonly text: string }[];
    /** Paths (raw, as sent) of the Graph requests this message caused. */
    readonly graphPaths: readonly string[];
  }

  /** Invokes the handler with each generated message (a throw fails the property) and checks what it sent. */
  async function forEveryMessage(check: (settled: Settled) => void): Promise<void> {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(bodies, metadata, async (body, triggerMetadata) => {
        runs += 1;
        const { context, logs } = createInvocationContext({ functionName: "reprocessQueue", triggerMetadata });
        const graphRequestsBefore = bed.graph.emulator.requests.length;
        await bed.handler(body, context);
        const parked = drain(bed.queue.parkedQueueName);
        const graphPaths = bed.graph.emulator.requests.slice(graphRequestsBefore).map((request) => request.url.split("?", 1)[0] ?? "");
        check({ body, parked, sent: [...parked, ...drain(bed.queue.queueName)], logs, graphPaths });
      }),
      { numRuns },
    );
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    expect(bed.peer.errors).toEqual([]);
  }

  it("settles every message without throwing while Service Bus is up, parking at most one copy, as malformed when the body is not a message", async () => {
    await forEveryMessage(({ body, parked }) => {
      expect(parked.length).toBeLessThanOrEqual(1);
      for (const message of parked) expect(parkReasons).toContain(message.applicationProperties.reason);
      if (!parseQueueMessage(body).ok) {
        expect(parked.map((message) => message.applicationProperties.reason)).toEqual(["malformed"]);
      }
    });
  });

  it("keeps every message id it sends within 128 characters and every log line short, whatever the message", async () => {
    await forEveryMessage(({ sent, logs }) => {
      for (const message of sent) expect(message.messageId?.length).toBeLessThanOrEqual(maxMessageIdLength);
      for (const log of logs) expect(log.text.length).toBeLessThanOrEqual(maxLogLineLength);
    });
  });

  it("sends Graph requests only to a canonical-GUID assignment path or the assignment list, whatever the message", async () => {
    await forEveryMessage(({ graphPaths }) => {
      for (const path of graphPaths) expect(canonicalAssignmentPath.test(path) || path === assignmentListPath, path).toBe(true);
    });
  });

  it("ends 1,000 hostile messages with the heap within a fixed bound, however much input they carried", { timeout: 180_000 }, async () => {
    let inputBytes = 0;
    let runs = 0;
    const invoke = async (body: unknown, triggerMetadata: Record<string, unknown>): Promise<void> => {
      const { context } = createInvocationContext({ functionName: "reprocessQueue", triggerMetadata });
      await bed.handler(body, context);
      // The peer keeps what the handler sent; only the app's own retention is measured.
      drain(bed.queue.parkedQueueName);
      drain(bed.queue.queueName);
    };
    // Warm-up messages that reprocess, park, and expand, so connections, the token cache and lazily
    // loaded code on each path count in the baseline rather than as growth.
    await invoke({ type: "reprocess", assignmentId: seeded[0]?.id ?? "" }, {});
    await invoke("not a message", {});
    await invoke({ type: "expand", accessPackageId }, {});
    // The emulator and the recording telemetry keep what they saw; only the app's own retention is measured.
    bed.graph.emulator.clearRecords();
    bed.telemetry.clear();
    const before = heapUsedAfterGc();
    await fc.assert(
      fc.asyncProperty(bodies, metadata, async (body, triggerMetadata) => {
        runs += 1;
        inputBytes += heapInputBytes(body);
        await invoke(body, triggerMetadata);
      }),
      { numRuns },
    );
    // Generated sizes vary by seed; top up with huge messages, as text and decoded, so the premise below always holds.
    for (let i = 0; inputBytes <= 2 * heapBoundBytes; i += 1) {
      const message = { type: "reprocess", assignmentId: `${String(i)}${"f".repeat(1_000_000)}` };
      const body = i % 2 === 0 ? message : JSON.stringify(message);
      inputBytes += typeof body === "string" ? heapInputBytes(body) : message.assignmentId.length;
      await invoke(body, { messageId: `huge-${String(i)}` });
    }
    bed.graph.emulator.clearRecords();
    bed.telemetry.clear();
    const growth = heapUsedAfterGc() - before;
    expect(runs).toBeGreaterThanOrEqual(numRuns);
    // Were each invocation to keep its message, the heap would grow by the input: at least twice the bound.
    expect(inputBytes).toBeGreaterThan(2 * heapBoundBytes);
    expect(growth).toBeLessThan(heapBoundBytes);
  });
});
