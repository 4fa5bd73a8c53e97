import type { GraphClient } from "../graph/graphClient";
import type { GraphError } from "../graph/graphError";
import { parseAssignmentId } from "../shared/guid";
import { graphFailureOutcome } from "./graphFailureOutcome";
import type { ReprocessOutcome } from "./reprocessOutcome";

export interface AssignmentReprocessorOptions {
  /** Default for requests that do not say: check the state is `delivered` before reprocessing. */
  readonly checkStateFirst: boolean;
}

export interface ReprocessOptions {
  /** Overrides the default; a caller that already knows the state (a filtered list) skips it. */
  readonly checkState?: boolean;
  /** Required, as on every async call: a webhook's or a message's deadline must reach Graph. */
  readonly abortSignal: AbortSignal;
}

/**
 * The one reprocess core behind every entry point: validates the id, optionally checks the
 * assignment is delivered, asks Graph to reprocess it, and says what happened as a value.
 */
export class AssignmentReprocessor {
  readonly #graph: GraphClient;
  readonly #checkStateFirst: boolean;

  constructor(graph: GraphClient, options: AssignmentReprocessorOptions) {
    this.#graph = graph;
    this.#checkStateFirst = options.checkStateFirst;
  }

  async reprocess(rawAssignmentId: unknown, options: ReprocessOptions): Promise<ReprocessOutcome> {
    const parsed = parseAssignmentId(rawAssignmentId);
    if (!parsed.ok) {
      return { kind: "invalidId", reason: parsed.reason, graphCalls: 0 };
    }
    const assignmentId = parsed.id;
    const callOptions = { abortSignal: options.abortSignal };
    let graphCalls = 0;

    if (options.checkState ?? this.#checkStateFirst) {
      const stateOutcome = await this.#checkDelivered(assignmentId, callOptions);
      graphCalls += 1;
      if (stateOutcome !== undefined) {
        return stateOutcome;
      }
    }

    const response = await this.#graph.reprocessAssignment(assignmentId, callOptions);
    graphCalls += 1;
    if (response.ok) {
      return { kind: "accepted", assignmentId, graph: response.ids, graphCalls };
    }
    // What Graph answers for a non-delivered assignment is unconfirmed (400 and 409 are both
    // plausible): when we skipped the check, ask for the state before calling it anything else.
    if (response.error.status === 400 || response.error.status === 409) {
      const stateOutcome = await this.#checkDelivered(assignmentId, callOptions);
      graphCalls += 1;
      if (stateOutcome?.kind === "notDelivered") {
        return { ...stateOutcome, graphCalls };
      }
    }
    return outcomeFromError(assignmentId, response.error, graphCalls);
  }

  /** Undefined when delivered; otherwise the outcome that stops the request. */
  async #checkDelivered(assignmentId: string, callOptions: { abortSignal: AbortSignal }): Promise<ReprocessOutcome | undefined> {
    const response = await this.#graph.getAssignment(assignmentId, { ...callOptions, select: ["id", "state"] });
    if (!response.ok) {
      return outcomeFromError(assignmentId, response.error, 1);
    }
    const state = response.value.state ?? "unknown";
    if (state === "delivered") {
      return undefined;
    }
    return {
      kind: "notDelivered",
      assignmentId,
      state,
      message: `Assignment ${assignmentId} is in state '${state}'; only a delivered assignment can be reprocessed.`,
      graph: response.ids,
      graphCalls: 1,
    };
  }
}

function outcomeFromError(assignmentId: string, error: GraphError, graphCalls: number): ReprocessOutcome {
  return { ...graphFailureOutcome(error, `Assignment ${assignmentId} does not exist in this tenant.`), assignmentId, graphCalls };
}
