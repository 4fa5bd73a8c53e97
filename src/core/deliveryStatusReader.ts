import type { GraphClient } from "../graph/graphClient";
import type { GraphRequestIds } from "../graph/graphError";
import type { VerifyTarget } from "../queue/queueMessage";
import { parseAssignmentId, parseAssignmentRequestId } from "../shared/guid";
import { deliveryProgress, type DeliveryProgress } from "./deliveryProgress";
import { graphFailureOutcome } from "./graphFailureOutcome";
import type { ReprocessOutcome } from "./reprocessOutcome";
import type { RequestReprocessOutcome } from "./requestReprocessOutcome";

/** An item's delivery as Graph reports it now: ids, states and times only, never a person's details. */
export interface DeliveryStatus {
  readonly target: VerifyTarget;
  readonly id: string;
  /** Graph's `state`, or `unknown` when it sent none. */
  readonly state: string;
  readonly delivery: DeliveryProgress;
  /** Graph's `status` (a finer-grained text, such as `Delivered` or `DeliveryFailed`). */
  readonly status?: string;
  /** Assignment requests only. */
  readonly requestType?: string;
  readonly createdDateTime?: string;
  readonly completedDateTime?: string;
}

type FailureKind = "invalidId" | "notFound" | "throttled" | "unavailable" | "forbidden" | "failed";

/** A read that did not come back with the item: the same kinds (and HTTP mapping) as a reprocess's. */
export type DeliveryReadFailure = Extract<ReprocessOutcome, { kind: FailureKind }> | Extract<RequestReprocessOutcome, { kind: FailureKind }>;

export type DeliveryReading = { readonly kind: "read"; readonly status: DeliveryStatus; readonly graph: GraphRequestIds } | DeliveryReadFailure;

export interface DeliveryReadOptions {
  readonly abortSignal: AbortSignal;
}

const assignmentSelect = ["id", "state", "status"] as const;
const requestSelect = ["id", "state", "status", "requestType", "createdDateTime", "completedDateTime"] as const;

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * One Graph read (`GET .../{id}?$select=id,state,...`) of an assignment or an assignment request,
 * judged for delivery. Behind the verify message, the read endpoints and `reprocess --wait`.
 */
export class DeliveryStatusReader {
  readonly #graph: Pick<GraphClient, "getAssignment" | "getAssignmentRequest">;

  constructor(graph: Pick<GraphClient, "getAssignment" | "getAssignmentRequest">) {
    this.#graph = graph;
  }

  async read(target: VerifyTarget, rawId: unknown, options: DeliveryReadOptions): Promise<DeliveryReading> {
    return target === "assignment" ? this.#readAssignment(rawId, options) : this.#readRequest(rawId, options);
  }

  async #readAssignment(rawId: unknown, options: DeliveryReadOptions): Promise<DeliveryReading> {
    const parsed = parseAssignmentId(rawId);
    if (!parsed.ok) return { kind: "invalidId", reason: parsed.reason, graphCalls: 0 };
    const id = parsed.id;
    const response = await this.#graph.getAssignment(id, { select: assignmentSelect, abortSignal: options.abortSignal });
    if (!response.ok) {
      return { ...graphFailureOutcome(response.error, `Assignment ${id} does not exist in this tenant.`), assignmentId: id, graphCalls: 1 };
    }
    const state = response.value.state ?? "unknown";
    return { kind: "read", graph: response.ids, status: { target: "assignment", id, state, delivery: deliveryProgress("assignment", state), ...optional("status", response.value.status) } };
  }

  async #readRequest(rawId: unknown, options: DeliveryReadOptions): Promise<DeliveryReading> {
    const parsed = parseAssignmentRequestId(rawId);
    if (!parsed.ok) return { kind: "invalidId", reason: parsed.reason, graphCalls: 0 };
    const id = parsed.id;
    const response = await this.#graph.getAssignmentRequest(id, { select: requestSelect, abortSignal: options.abortSignal });
    if (!response.ok) {
      return { ...graphFailureOutcome(response.error, `Assignment request ${id} does not exist in this tenant.`), assignmentRequestId: id, graphCalls: 1 };
    }
    const { value } = response;
    const state = value.state ?? "unknown";
    return {
      kind: "read",
      graph: response.ids,
      status: {
        target: "assignmentRequest",
        id,
        state,
        delivery: deliveryProgress("assignmentRequest", state),
        ...optional("status", value.status),
        ...optional("requestType", value.requestType),
        ...optional("createdDateTime", value.createdDateTime),
        ...optional("completedDateTime", value.completedDateTime),
      },
    };
  }
}
