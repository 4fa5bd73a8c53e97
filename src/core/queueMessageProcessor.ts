import type { NationalCloudName } from "../clouds/nationalCloud";
import type { ReprocessQueueConfig } from "../config/reprocessQueueConfig";
import type { AssignmentReprocessor } from "./assignmentReprocessor";
import { AssignmentRequestReprocessor } from "./assignmentRequestReprocessor";
import { listDeliveredAssignmentPage } from "./deliveredAssignmentPage";
import { listHealCandidatePage } from "./healCandidates";
import type { ReprocessOutcome } from "./reprocessOutcome";
import type { RequestReprocessOutcome } from "./requestReprocessOutcome";
import type { GraphClient } from "../graph/graphClient";
import type { GraphError } from "../graph/graphError";
import { parseAssignmentId } from "../shared/guid";
import { outcomeEventIds, type OutcomeKind, type OutcomeSource, type Telemetry, type VerificationOutcome } from "./telemetry";
import { DeliveryStatusReader } from "./deliveryStatusReader";
import { verificationVerdict } from "./verificationVerdict";
import { verifyMessage } from "../queue/verifyMessages";
import { firstExpandPage, reprocessRequestMessages } from "../queue/batchMessages";
import { carriedProperties } from "../queue/carriedProperties";
import { expandPageMessageId, healPageMessageId, parkedMessageId, reprocessMessageId, retryMessageId, verifyCheckMessageId, verifyMessageId } from "../queue/messageIds";
import { messagePropertyNames } from "../queue/messageProperties";
import { parseQueueMessage } from "../queue/parseQueueMessage";
import { childRequestId } from "../queue/requestId";
import { processingResultOfListError, processingResultOfOutcome } from "./processingResult";
import {
  maxQueueMessageBodyBytes,
  type ExpandMessage,
  type HealPageMessage,
  type QueueMessageBody,
  type ReprocessMessage,
  type ReprocessRequestMessage,
  type VerifyMessage,
} from "../queue/queueMessage";
import type { ReceivedQueueMessage } from "../queue/receivedQueueMessage";
import type { OutgoingQueueMessage, QueueSender } from "../queue/queueSender";
import { decideSettlement, type Settlement } from "./settlementPolicy";

export interface QueueMessageProcessorOptions {
  readonly reprocessor: AssignmentReprocessor;
  /** Default: one built on `graph` and `now`. */
  readonly requestReprocessor?: Pick<AssignmentRequestReprocessor, "reprocess">;
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
  readonly outcome?: OutcomeKind;
  /** Messages an expand or heal page put on the queue. */
  readonly enqueued?: number;
  /** Items a catalog page listed but could not fan out (an access package id that is not a GUID). */
  readonly skipped?: number;
  /** The scheduled copy's, the parked message's, the verify's or the next read's id. */
  readonly sentMessageId: string | undefined;
  /** A verify message: how its read ended, `checkAgain` when another read was scheduled. */
  readonly verification?: VerificationOutcome | "checkAgain" | "stopped";
}

// Service Bus limits the size of all application properties together; a Graph message can be long.
const maxDescriptionLength = 1_024;

function graphStatusOf(outcome: ReprocessOutcome | RequestReprocessOutcome): number | undefined {
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
    case "notReprocessable":
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
  readonly #requestReprocessor: Pick<AssignmentRequestReprocessor, "reprocess">;
  readonly #reader: DeliveryStatusReader;

  constructor(options: QueueMessageProcessorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#requestReprocessor = options.requestReprocessor ?? new AssignmentRequestReprocessor(options.graph, { now: this.#now });
    this.#reader = new DeliveryStatusReader(options.graph);
  }

  async process(message: ReceivedQueueMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const parsed = parseQueueMessage(message.body);
    if (!parsed.ok) {
      const settlement: Settlement = { action: "park", reason: "malformed", description: `${parsed.problem}: ${parsed.description}`, lastStatus: undefined, graph: undefined };
      const sentMessageId = await this.#settle(message, undefined, settlement, "queue", options);
      return { messageId: message.messageId, type: undefined, attempt: message.properties.attempt, settlement, sentMessageId };
    }
    const body = parsed.message;
    switch (body.type) {
      case "reprocess":
        return this.#reprocess(message, body, options);
      case "reprocessRequest":
        return this.#reprocessRequest(message, body, options);
      case "expand":
        return body.catalogId === undefined ? this.#expand(message, body, options) : this.#expandCatalog(message, body, body.catalogId, options);
      case "healPage":
        return this.#healPage(message, body, options);
      case "verify":
        return this.#verify(message, body, options);
    }
  }

  async #reprocess(message: ReceivedQueueMessage, body: ReprocessMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const started = performance.now();
    const outcome = await this.#options.reprocessor.reprocess(body.assignmentId, {
      abortSignal: options.abortSignal,
      ...(body.checkState === undefined ? {} : { checkState: body.checkState }),
    });
    return this.#reportAndSettle(message, body, outcome, started, options);
  }

  async #reprocessRequest(message: ReceivedQueueMessage, body: ReprocessRequestMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const started = performance.now();
    const outcome = await this.#requestReprocessor.reprocess(body.assignmentRequestId, { abortSignal: options.abortSignal });
    return this.#reportAndSettle(message, body, outcome, started, options);
  }

  /** One outcome event, then the settlement the outcome calls for. */
  async #reportAndSettle(
    message: ReceivedQueueMessage,
    body: ReprocessMessage | ReprocessRequestMessage,
    outcome: ReprocessOutcome | RequestReprocessOutcome,
    started: number,
    options: ProcessOptions,
  ): Promise<ProcessedMessage> {
    const { attempt, fromExpand, fromHeal } = message.properties;
    const source: OutcomeSource = fromExpand ? "expand" : fromHeal ? "heal" : "queue";
    const httpStatus = graphStatusOf(outcome);
    this.#options.telemetry.trackOutcome({
      outcome: outcome.kind,
      source,
      cloud: this.#options.cloud,
      ...outcomeEventIds(outcome),
      requestId: message.properties.requestId,
      ...(httpStatus === undefined ? {} : { httpStatus }),
      attempt,
      durationMs: performance.now() - started,
    });
    // A sweep's request that is no longer reprocessable has moved on since its page was listed
    // (delivered by the platform's own retry, cancelled, or a rerun of the slot found it healed):
    // nothing is left to heal, so it is not parked for an operator. The outcome event still says so.
    const settlement: Settlement =
      fromHeal && outcome.kind === "notReprocessable" ? { action: "complete" } : decideSettlement(processingResultOfOutcome(outcome), attempt, this.#policy());
    const sentMessageId = outcome.kind === "accepted" ? await this.#sendFirstVerify(message, outcome, source, options) : await this.#settle(message, body, settlement, source, options);
    return { messageId: message.messageId, type: body.type, attempt, settlement, outcome: outcome.kind, sentMessageId };
  }

  /**
   * After a 202: the verify that will read the item's state, scheduled REPROCESS_VERIFY_AFTER_MS
   * ahead, its id derived from this message's. A failed send throws, as any settlement's does: the
   * redelivery reprocesses again (harmless) and sends the same verify id.
   */
  async #sendFirstVerify(
    message: ReceivedQueueMessage,
    outcome: Extract<ReprocessOutcome | RequestReprocessOutcome, { kind: "accepted" }>,
    source: OutcomeSource,
    options: ProcessOptions,
  ): Promise<string | undefined> {
    const { verification, queueName } = this.#options.queue;
    if (verification === undefined) return undefined;
    const [target, id] = "assignmentId" in outcome ? (["assignment", outcome.assignmentId] as const) : (["assignmentRequest", outcome.assignmentRequestId] as const);
    const subject = target === "assignment" ? { assignmentId: id } : { assignmentRequestId: id };
    const nowMs = this.#now();
    const verify = verifyMessage(target, id, {
      messageId: verifyMessageId(message.messageId),
      requestId: message.properties.requestId,
      reprocessedAtMs: nowMs,
      check: 1,
      scheduledEnqueueTimeUtc: new Date(nowMs + verification.afterMs),
      origin: source === "queue" ? undefined : source,
    });
    await this.#options.sender.send(queueName, [verify], options);
    this.#options.telemetry.trackQueueAction({ action: "enqueued", source, messageId: verify.messageId, ...subject, attempt: message.properties.attempt, count: 1, delayMs: verification.afterMs });
    return verify.messageId;
  }

  /**
   * One read of a verified item's state: delivered completes it, still on its way schedules the
   * next read (a new message, attempt 1), anything else parks it for an operator. Graph failing is
   * retried like any other message's; the verify never reprocesses.
   */
  async #verify(message: ReceivedQueueMessage, body: VerifyMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const { attempt, verifyCheck, reprocessedAtMs, requestId } = message.properties;
    const source = verifySource(message.applicationProperties.origin);
    const reading = await this.#reader.read(body.target, body.id, options);
    const done = (settlement: Settlement, sentMessageId: string | undefined, verification?: ProcessedMessage["verification"]): ProcessedMessage => ({
      messageId: message.messageId,
      type: "verify",
      attempt,
      settlement,
      ...(reading.kind === "read" ? {} : { outcome: reading.kind }),
      sentMessageId,
      ...(verification === undefined ? {} : { verification }),
    });
    if (reading.kind !== "read") {
      const settlement = decideSettlement(processingResultOfOutcome(reading), attempt, this.#policy());
      return done(settlement, await this.#settle(message, body, settlement, source, options));
    }
    const { status, graph } = reading;
    const verdict = verificationVerdict({ status, check: verifyCheck, config: this.#options.queue.verification, reprocessedAtMs });
    const subject = body.target === "assignment" ? { assignmentId: status.id } : { assignmentRequestId: status.id };
    const report = (outcome: VerificationOutcome): void => {
      this.#options.telemetry.trackVerification({
        outcome,
        target: body.target,
        ...subject,
        state: status.state,
        attempts: verifyCheck,
        ...(reprocessedAtMs === undefined ? {} : { elapsedMs: Math.max(0, this.#now() - reprocessedAtMs) }),
        source,
        cloud: this.#options.cloud,
        requestId,
        ...(graph.requestId === undefined ? {} : { graphRequestId: graph.requestId }),
        clientRequestId: graph.clientRequestId,
      });
    };
    switch (verdict.kind) {
      case "delivered":
        report("delivered");
        return done({ action: "complete" }, undefined, "delivered");
      case "stopped":
        return done({ action: "complete" }, undefined, "stopped");
      case "checkAgain": {
        const next = verifyMessage(body.target, status.id, {
          messageId: verifyCheckMessageId(message.messageId, verifyCheck + 1),
          requestId,
          reprocessedAtMs: reprocessedAtMs ?? this.#now(),
          check: verifyCheck + 1,
          scheduledEnqueueTimeUtc: new Date(this.#now() + verdict.delayMs),
          origin: source === "queue" ? undefined : source,
        });
        await this.#options.sender.send(this.#options.queue.queueName, [next], options);
        this.#options.telemetry.trackQueueAction({ action: "scheduled", source, messageId: next.messageId, ...subject, attempt: 1, delayMs: verdict.delayMs });
        return done({ action: "complete" }, next.messageId, "checkAgain");
      }
      case "park": {
        const settlement: Settlement = { action: "park", reason: "notDeliveredAfterReprocess", description: verdict.description, lastStatus: undefined, graph };
        const sentMessageId = await this.#settle(message, body, settlement, source, options);
        report(verdict.outcome);
        return done(settlement, sentMessageId, verdict.outcome);
      }
    }
  }

  async #expand(message: ReceivedQueueMessage, body: ExpandMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const { requestId, page } = message.properties;
    const filter = {
      ...(body.accessPackageId === undefined ? {} : { accessPackageId: body.accessPackageId }),
      ...(body.targetObjectId === undefined ? {} : { targetObjectId: body.targetObjectId }),
    };
    const listed = await listDeliveredAssignmentPage(this.#options.graph, body.nextLink === undefined ? { filter } : { filter, nextLink: body.nextLink }, options);
    if (!listed.ok) {
      return this.#settleListFailure(message, body, listed.error, "assignments", "expand", options);
    }
    // Ids derive from the request and the page, so a redelivered page sends exactly the same messages.
    const messages: OutgoingQueueMessage[] = listed.assignmentIds.map((assignmentId) => ({
      messageId: reprocessMessageId(requestId, assignmentId),
      body: { type: "reprocess", assignmentId, checkState: false } satisfies ReprocessMessage,
      applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.origin]: "expand" },
    }));
    if (listed.nextLink !== undefined) {
      messages.push(nextPage(expandPageMessageId(requestId, page + 1), { type: "expand", ...filter, nextLink: listed.nextLink }, requestId, page + 1));
    }
    return this.#sendPage(message, "expand", messages, "expand", options);
  }

  /**
   * One page of a catalog's access packages: an expand of its own per package (a child request
   * id each, so two packages' pages never share an id), and the catalog's next page.
   */
  async #expandCatalog(message: ReceivedQueueMessage, body: ExpandMessage, catalogId: string, options: ProcessOptions): Promise<ProcessedMessage> {
    const { requestId, page } = message.properties;
    const listed = await this.#options.graph.listCatalogAccessPackages(
      body.nextLink === undefined ? { catalogId, abortSignal: options.abortSignal } : { catalogId, nextLink: body.nextLink, abortSignal: options.abortSignal },
    );
    if (!listed.ok) {
      return this.#settleListFailure(message, body, listed.error, "the catalog's access packages", "expand", options);
    }
    const messages: OutgoingQueueMessage[] = [];
    // Graph serves GUID ids; one that is not cannot be filtered on, but it is counted and
    // reported, so a package the run could not reach is never dropped without a record.
    let skipped = 0;
    for (const accessPackage of listed.value.accessPackages) {
      const parsed = parseAssignmentId(accessPackage.id);
      if (!parsed.ok) {
        skipped += 1;
        continue;
      }
      messages.push(firstExpandPage(childRequestId(requestId, parsed.id), { type: "expand", accessPackageId: parsed.id }));
    }
    if (listed.value.nextLink !== undefined) {
      messages.push(nextPage(expandPageMessageId(requestId, page + 1), { type: "expand", catalogId, nextLink: listed.value.nextLink }, requestId, page + 1));
    }
    return this.#sendPage(message, "expand", messages, "expand", options, skipped);
  }

  /**
   * One page of a heal sweep's list: a reprocessRequest for each request still inside its 14-day
   * window (judged now, item by item: the list cannot filter on completedDateTime), the next page,
   * and one event with the page's counts.
   */
  async #healPage(message: ReceivedQueueMessage, body: HealPageMessage, options: ProcessOptions): Promise<ProcessedMessage> {
    const { requestId, page } = message.properties;
    const request = { state: body.state, createdOnOrAfter: new Date(body.createdOnOrAfter) };
    const listed = await listHealCandidatePage(this.#options.graph, body.nextLink === undefined ? request : { ...request, nextLink: body.nextLink }, {
      nowMs: this.#now(),
      abortSignal: options.abortSignal,
    });
    if (!listed.ok) {
      return this.#settleListFailure(message, body, listed.error, "assignment requests", "heal", options);
    }
    const inside = listed.candidates.filter((candidate) => candidate.insideWindow).map((candidate) => candidate.id);
    // One time for the whole sweep, not this page's time plus a delay: a page the queue held back
    // (throttled, retried) must not let earlier pages' reprocesses fire while it is still to be
    // listed, or Graph's positional paging shifts requests past it unseen.
    const notBeforeMs = Date.parse(body.reprocessNotBefore);
    const listedAtMs = this.#now();
    const messages = reprocessRequestMessages(requestId, inside, {
      extraProperties: { [messagePropertyNames.origin]: "heal" },
      scheduledEnqueueTimeUtc: new Date(Math.max(notBeforeMs, listedAtMs)),
    });
    if (listed.nextLink !== undefined) {
      messages.push(nextPage(healPageMessageId(requestId, body.state, page + 1), { ...body, nextLink: listed.nextLink }, requestId, page + 1));
    }
    const processed = await this.#sendPage(message, "healPage", messages, "heal", options);
    this.#options.telemetry.trackHealSweep({
      phase: "page",
      sweepId: requestId,
      state: body.state,
      page,
      found: listed.candidates.length,
      enqueued: inside.length,
      skippedPastWindow: listed.candidates.length - inside.length,
      skippedInvalidId: listed.skipped,
      lastPage: listed.nextLink === undefined,
      // Listed after the sweep's reprocesses began: requests may have shifted past this page.
      lateList: listedAtMs > notBeforeMs,
    });
    return processed;
  }

  async #settleListFailure(message: ReceivedQueueMessage, body: QueueMessageBody, error: GraphError, listed: string, source: OutcomeSource, options: ProcessOptions): Promise<ProcessedMessage> {
    const { attempt } = message.properties;
    const settlement = decideSettlement(processingResultOfListError(error, listed), attempt, this.#policy());
    const sentMessageId = await this.#settle(message, body, settlement, source, options);
    return { messageId: message.messageId, type: body.type, attempt, settlement, sentMessageId };
  }

  /**
   * Sends what a page fanned out, in one send: a failure throws and the broker redelivers the page.
   * `skipped` items the page listed but could not fan out are reported even when nothing is sent.
   */
  async #sendPage(
    message: ReceivedQueueMessage,
    type: QueueMessageBody["type"],
    messages: readonly OutgoingQueueMessage[],
    source: OutcomeSource,
    options: ProcessOptions,
    skipped = 0,
  ): Promise<ProcessedMessage> {
    const { attempt } = message.properties;
    if (messages.length > 0) {
      await this.#options.sender.send(this.#options.queue.queueName, messages, options);
    }
    if (messages.length > 0 || skipped > 0) {
      this.#options.telemetry.trackQueueAction({ action: "enqueued", source, messageId: message.messageId, attempt, count: messages.length, ...(skipped > 0 ? { skipped } : {}) });
    }
    return {
      messageId: message.messageId,
      type,
      attempt,
      settlement: { action: "complete" },
      enqueued: messages.length,
      ...(skipped > 0 ? { skipped } : {}),
      sentMessageId: undefined,
    };
  }

  #policy(): { maxAttempts: number; backoff: ReprocessQueueConfig["retryBackoff"]; random?: () => number } {
    const { queue, random } = this.#options;
    return random === undefined ? { maxAttempts: queue.maxAttempts, backoff: queue.retryBackoff } : { maxAttempts: queue.maxAttempts, backoff: queue.retryBackoff, random };
  }

  /** Sends the copy the settlement calls for and returns its id; a failed send throws. */
  async #settle(message: ReceivedQueueMessage, body: QueueMessageBody | undefined, settlement: Settlement, source: OutcomeSource, options: ProcessOptions): Promise<string | undefined> {
    const { sender, telemetry, queue } = this.#options;
    const assignmentId = subjectOf(body);
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

/** The id a message is about, for its queue action events. */
function subjectOf(body: QueueMessageBody | undefined): { assignmentId?: string; assignmentRequestId?: string } {
  switch (body?.type) {
    case "reprocess":
      return { assignmentId: body.assignmentId };
    case "reprocessRequest":
      return { assignmentRequestId: body.assignmentRequestId };
    case "verify":
      return body.target === "assignment" ? { assignmentId: body.id } : { assignmentRequestId: body.id };
    default:
      return {};
  }
}

/** Where the reprocess a verify follows came from: its `origin` property, the queue when it has none. */
function verifySource(origin: unknown): OutcomeSource {
  return origin === "http" || origin === "expand" || origin === "heal" ? origin : "queue";
}

/** A first-attempt next page of a listing, carrying the request id and its page number. */
function nextPage(messageId: string, body: ExpandMessage | HealPageMessage, requestId: string, page: number): OutgoingQueueMessage {
  return {
    messageId,
    body,
    applicationProperties: { [messagePropertyNames.attempt]: 1, [messagePropertyNames.requestId]: requestId, [messagePropertyNames.page]: page },
  };
}
