import type { GraphClient } from "../graph/graphClient";
import type { GraphError, GraphRequestIds } from "../graph/graphError";
import { parseAssignmentRequestId } from "../shared/guid";
import { graphFailureOutcome } from "./graphFailureOutcome";
import type { RequestReprocessOutcome } from "./requestReprocessOutcome";
import { isInsideReprocessWindow, isReprocessableRequestState, reprocessableRequestStates } from "./reprocessWindow";

export interface AssignmentRequestReprocessorOptions {
  /** The clock the 14-day window is judged by. */
  readonly now?: () => number;
}

export interface RequestReprocessOptions {
  /** Required, as on every async call: a webhook's or a message's deadline must reach Graph. */
  readonly abortSignal: AbortSignal;
}

type RequestGraph = Pick<GraphClient, "getAssignmentRequest" | "reprocessAssignmentRequest">;

interface CallOptions {
  readonly abortSignal: AbortSignal;
}

const stateSelect = ["id", "state", "completedDateTime"] as const;

/**
 * Reprocesses one access package assignment request: validates the id, reads the request's state
 * and completion time, and asks Graph to reprocess only a request Graph documents as reprocessable
 * (deliveryFailed or partiallyDelivered, completed at most 14 days ago). Says what happened as a value.
 */
export class AssignmentRequestReprocessor {
  readonly #graph: RequestGraph;
  readonly #now: () => number;

  constructor(graph: RequestGraph, options: AssignmentRequestReprocessorOptions = {}) {
    this.#graph = graph;
    this.#now = options.now ?? Date.now;
  }

  async reprocess(rawAssignmentRequestId: unknown, options: RequestReprocessOptions): Promise<RequestReprocessOutcome> {
    const parsed = parseAssignmentRequestId(rawAssignmentRequestId);
    if (!parsed.ok) {
      return { kind: "invalidId", reason: parsed.reason, graphCalls: 0 };
    }
    const assignmentRequestId = parsed.id;
    const callOptions: CallOptions = { abortSignal: options.abortSignal };

    // Always read first: the refusal Graph answers for the wrong state or a closed window is not
    // documented, and the read is what lets the outcome say which of the two it is.
    const before = await this.#readReprocessable(assignmentRequestId, callOptions, 1);
    if (before !== undefined) {
      return before;
    }
    const response = await this.#graph.reprocessAssignmentRequest(assignmentRequestId, callOptions);
    if (response.ok) {
      return { kind: "accepted", assignmentRequestId, graph: response.ids, graphCalls: 2 };
    }
    // The state may have changed between the read and the call (the platform's own retry
    // delivered it, the window closed): look again before calling a refusal anything else.
    if (response.error.status === 400 || response.error.status === 409) {
      const after = await this.#readReprocessable(assignmentRequestId, callOptions, 3);
      if (after?.kind === "notReprocessable") {
        return after;
      }
      return outcomeFromError(assignmentRequestId, response.error, 3);
    }
    return outcomeFromError(assignmentRequestId, response.error, 2);
  }

  /** Undefined when Graph should be asked; otherwise the outcome that stops here. */
  async #readReprocessable(assignmentRequestId: string, callOptions: CallOptions, graphCalls: number): Promise<RequestReprocessOutcome | undefined> {
    const response = await this.#graph.getAssignmentRequest(assignmentRequestId, { ...callOptions, select: stateSelect });
    if (!response.ok) {
      return outcomeFromError(assignmentRequestId, response.error, graphCalls);
    }
    const state = response.value.state ?? "unknown";
    const { completedDateTime } = response.value;
    if (!isReprocessableRequestState(state)) {
      return notReprocessable(assignmentRequestId, response.ids, graphCalls, state, completedDateTime, "state");
    }
    if (!isInsideReprocessWindow(completedDateTime, this.#now())) {
      return notReprocessable(assignmentRequestId, response.ids, graphCalls, state, completedDateTime, "windowClosed");
    }
    return undefined;
  }
}

function notReprocessable(
  assignmentRequestId: string,
  graph: GraphRequestIds,
  graphCalls: number,
  state: string,
  completedDateTime: string | undefined,
  why: "state" | "windowClosed",
): RequestReprocessOutcome {
  const message =
    why === "state"
      ? `Assignment request ${assignmentRequestId} is in state '${state}'; only a request in ${reprocessableRequestStates.join(" or ")} can be reprocessed.`
      : `Assignment request ${assignmentRequestId} completed at ${completedDateTime ?? "an unknown time"}, more than 14 days ago; Graph no longer reprocesses it: cancel the request and request access again.`;
  return {
    kind: "notReprocessable",
    assignmentRequestId,
    state,
    ...(completedDateTime === undefined ? {} : { completedDateTime }),
    why,
    message,
    graph,
    graphCalls,
  };
}

function outcomeFromError(assignmentRequestId: string, error: GraphError, graphCalls: number): RequestReprocessOutcome {
  return { ...graphFailureOutcome(error, `Assignment request ${assignmentRequestId} does not exist in this tenant.`), assignmentRequestId, graphCalls };
}
