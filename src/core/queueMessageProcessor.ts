import type { NationalCloudName } from "../clouds/nationalCloud";
import type { ReprocessQueueConfig } from "../config/reprocessQueueConfig";
import type { AssignmentReprocessor } from "./assignmentReprocessor";
import { listDeliveredAssignmentPage } from "./deliveredAssignmentPage";
import type { ReprocessOutcome, ReprocessOutcomeKind } from "./reprocessOutcome";
import type { GraphClient } from "../graph/graphClient";
import { outcomeEventIds, type OutcomeSource, type Telemetry } from "./telemetry";
import { carriedProperties } from "../queue/carriedProperties";
import { expandPageMessageId, parkedMessageId, reprocessMessageId, retryMessageId } from "../queue/messageIds";
import { messagePropertyNames } from "../queue/messageProperties";
import { parseQueueMessage } from "../queue/parseQueueMessage";
import { processingResultOfListError, processingResultOfOutcome } from "./processingResult";
import { maxQueueMessageBodyBytes, type ExpandMessage, type QueueMessageBody, type ReprocessMessage } from "../queue/queueMessage";
import type { ReceivedQueueMessage } from "../queue/receivedQueueMessage";
import type { OutgoingQueueMessage, QueueSender } from "../queue/queueSender";
import { decideSettlement, type Settlement } from "./settlementPolicy";

export interface QueueMessageProcessorOptions {
  readonly reprocessor: AssignmentReprocessor;
  readonly graph: GraphClient;
  readonly sender: QueueSender;
  readonly telemetry: Telemetry;
  readonly cloud: NationalCloudName;
  readonly queue: ReprocessQueueConfig;
  /** The clock scheduled times are computed from. */
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface ProcessOptions {
  readonly abortSignal: AbortSignal;
}

/** What handling one message did, for the adapter to log. */
export interface ProcessedMessage {
  readonly messageId: string;
  /** Undefined for a malformed message. */
  readonly type: QueueMessageBody["type"] | undefined;
  readonly attempt: number;
  readonly settlement: Settlement;
  readonly outcome?: ReprocessOutcomeKind;
  /** Messages an expand page put on the queue. */
  readonly enqueued?: number;
  /** The scheduled copy's or the parked message's id. */
  readonly sentMessageId: string | undefined;
}

// Service Bus limits the size of all application properties together; a Graph message can be long.
const maxDescriptionLength = 1_024;

function graphStatusOf(outcome: ReprocessOutcome): number | undefined {
  switch (outcome.kind) {
    case "accepted":
      return 202;
    case "throttled":
      return 429;
    case "notFound":
      return 404;
    case "unavailable":
    case "forbidden":
    case "failed":
      return outcome.status;
    case "invalidId":
    case "notDelivered":
      return undefined;
  }
}

interface ParkedBody extends Pick<OutgoingQueueMessage, "body" | "contentType"> {
  /** Set when only the first maxQueueMessageBodyBytes of a larger body are kept: its size. */
  readonly truncatedFromBytes?: number;
}

/** At most the largest valid message, so a parked copy always fits the parked queue's size limit. */
function bounded(bytes: Buffer, contentType: string): ParkedBody {
  return bytes.byteLength <= maxQueueMessageBodyBytes
    ? { body: bytes, contentType }
    : { body: bytes.subarray(0, maxQueueMessageBodyBytes), contentType, truncatedFromBytes: bytes.byteLength };
}

/**
 * The body as it arrived, as close to its bytes as the trigger let us see them. A body larger than
 * any valid message is cut to that size: parked whole, it could exceed the queue's limit with the
 * properties added, and the park would fail on every delivery.
 */
function parkedBody(body: unknown): ParkedBody {
  if (body instanceof Uint8Array) return bounded(Buffer.from(body), "application/octet-stream");
  if (typeof body === "string") return bounded(Buffer.from(body, "utf8"), "text/plain; charset=utf-8");
  let json: string;
  try {
    json = JSON.stringify(body ?? null);
  } catch {
    // Nested too deeply to serialise again (the host decoded it; its bytes are gone): say so.
    return { body: Buffer.from("The body was JSON nested too deeply to be kept.", "utf8"), contentType: "text/plain; charset=utf-8" };
  }
  const bytes = Buffer.from(json, "utf8");
  return bytes.byteLength <= maxQueueMessageBodyBytes ? { body: body ?? null, contentType: "application/json" } : bounded(bytes, "application/json");
}

/**
 * Handles one message from the reprocess queue and settles it by its outcome: nothing more to do,
 * a scheduled copy for a later attempt, or a parked copy for an operator. The caller completes the
 * message afterwards; when a copy cannot be sent this throws, so the broker delivers it again.
 */
export class QueueMessageProcessor {
  readonly #options: QueueMessageProcessorOptions;
  readonly #now: () => number;

  constructor(options: QueueMessageProcessorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async process(message: ReceivedQueueMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const parsed = parseQueueMessage(message.body);
    if (!parsed.ok) {
      const settlement: Settlement = { action: "park", reason: "malformed", description: `${parsed.problem}: ${parsed.description}`, lastStatus: undefined, graph: undefined };
      const sentMessageId = await this.#settle(message, undefined, settlement, "queue", options);
      return { messageId: message.messageId, type: undefined, attempt: message.properties.attempt, settlement, sentMessageId };
    }
    return parsed.message.type === "reprocess" ? this.#reprocess(message, parsed.message, options) : this.#expand(message, parsed.message, options);
  }

  async #reprocess(message: ReceivedQueueMessage, body: ReprocessMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const { attempt } = message.properties;
    const source: OutcomeSource = message.properties.fromExpand ? "expand" : "queue";
    const started = performance.now();
    const outcome = await this.#options.reprocessor.reprocess(body.assignmentId, {
      abortSignal: options.abortSignal,
      ...(body.checkState === undefined ? {} : { checkState: body.checkState }),
    });
    const httpStatus = graphStatusOf(outcome);
    this.#options.telemetry.trackOutcome({
      outcome: outcome.kind,
      source,
      cloud: this.#options.cloud,
      ...outcomeEventIds(outcome),
      ...(httpStatus === undefined ? {} : { httpStatus }),
      attempt,
      durationMs: performance.now() - started,
    });
    const settlement = decideSettlement(processingResultOfOutcome(outcome), attempt, this.#policy());
    const sentMessageId = await this.#settle(message, body, settlement, source, options);
    return { messageId: message.messageId, type: "reprocess", attempt, settlement, outcome: outcome.kind, sentMessageId };
  }

  async #expand(message: ReceivedQueueMessage, body: ExpandMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const { attempt, requestId, page } = message.properties;
    const filter = {
      ...(body.accessPackageId === undefined ? {} : { accessPackageId: body.accessPackageId }),
      ...(body.targetObjectId === undefined ? {} : { targetObjectId: body.targetObjectId }),
    };
    const listed = await listDeliveredAssignmentPage(this.#options.graph, body.nextLink === undefined ? { filter } : { filter, nextLink: body.nextLink }, options);
    if (!listed.ok) {
      const settlement = decideSettlement(processingResultOfListError(listed.error), attempt, this.#policy());
      const sentMessageId = await this.#settle(message, body, settlement, "expand", options);
      return { messageId: message.messageId, type: "expand", attempt, settlement, sentMessageId };
    }
    // Ids derive from the request and the page, so a redelivered page sends exactly the same messages.
    const messages: OutgoingQueueMessage[] = listed.assignmentIds.map((assignmentId) => ({
      messageId: reprocessMessageId(requestId, assignmentId),
      body: { type: "reprocess", assignmentId, checkState: false } satisfies ReprocessMessage,
      applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.origin]: "expand" },
    }));
    if (listed.nextLink !== undefined) {
      messages.push({
        messageId: expandPageMessageId(requestId, page + 1),
        body: { type: "expand", ...filter, nextLink: listed.nextLink } satisfies ExpandMessage,
        applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.page]: page + 1 },
      });
    }
    if (messages.length > 0) {
      await this.#options.sender.send(this.#options.queue.queueName, messages, options);
      this.#options.telemetry.trackQueueAction({ action: "enqueued", source: "expand", messageId: message.messageId, attempt, count: messages.length });
    }
    return { messageId: message.messageId, type: "expand", attempt, settlement: { action: "complete" }, enqueued: messages.length, sentMessageId: undefined };
  }

  #policy(): { maxAttempts: number; backoff: ReprocessQueueConfig["retryBackoff"]; random?: () => number } {
    const { queue, random } = this.#options;
    return random === undefined ? { maxAttempts: queue.maxAttempts, backoff: queue.retryBackoff } : { maxAttempts: queue.maxAttempts, backoff: queue.retryBackoff, random };
  }

  /** Sends the copy the settlement calls for and returns its id; a failed send throws. */
  async #settle(message: ReceivedQueueMessage, body: QueueMessageBody | undefined, settlement: Settlement, source: OutcomeSource, options: ProcessOptions): Promise<string | undefined> {
    const { sender, telemetry, queue } = this.#options;
    const assignmentId = body?.type === "reprocess" ? { assignmentId: body.assignmentId } : {};
    const carried = carriedProperties(message.applicationProperties);
    const requestId = message.properties.requestId;
    switch (settlement.action) {
      case "complete":
        return undefined;
      case "schedule": {
        const copy: OutgoingQueueMessage = {
          messageId: retryMessageId(message.messageId, settlement.attempt),
          body: body ?? null,
          applicationProperties: { ...carried, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.attempt]: settlement.attempt },
          scheduledEnqueueTimeUtc: new Date(this.#now() + settlement.delayMs),
        };
        await sender.send(queue.queueName, [copy], options);
        telemetry.trackQueueAction({ action: "scheduled", source, messageId: copy.messageId, ...assignmentId, attempt: settlement.attempt, delayMs: settlement.delayMs });
        return copy.messageId;
      }
      case "park": {
        const { graph, lastStatus } = settlement;
        const { truncatedFromBytes, ...kept } = parkedBody(message.body);
        const parked: OutgoingQueueMessage = {
          messageId: parkedMessageId(message.messageId),
          ...kept,
          applicationProperties: {
            ...carried,
            [messagePropertyNames.requestId]: requestId,
            reason: settlement.reason,
            description: settlement.description.slice(0, maxDescriptionLength),
            attempts: message.properties.attempt,
            originalMessageId: message.messageId,
            deliveryCount: message.deliveryCount,
            ...(lastStatus === undefined ? {} : { lastStatus }),
            ...(graph?.requestId === undefined ? {} : { graphRequestId: graph.requestId }),
            ...(graph === undefined ? {} : { clientRequestId: graph.clientRequestId }),
            ...(truncatedFromBytes === undefined ? {} : { truncatedFromBytes }),
          },
        };
        await sender.send(queue.parkedQueueName, [parked], options);
        telemetry.trackQueueAction({ action: "parked", source, messageId: parked.messageId, ...assignmentId, reason: settlement.reason, attempt: message.properties.attempt });
        return parked.messageId;
      }
    }
  }
}
