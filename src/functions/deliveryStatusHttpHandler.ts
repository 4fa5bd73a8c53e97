import type { HttpHandler } from "@azure/functions";
import type { DeliveryStatusReader } from "../core/deliveryStatusReader";
import type { Telemetry } from "../core/telemetry";
import type { VerifyTarget } from "../queue/queueMessage";
import { withDeadline } from "../shared/withDeadline";
import { errorResponse } from "./errorResponse";
import { outcomeResponse, type OutcomeErrorCodes } from "./outcomeResponse";

/** One read with its inline retries: far less than a reprocess's three calls, still inside the front end's 230 s. */
const readDeadlineMs = 120_000;

export interface DeliveryStatusHttpDependencies {
  readonly reader: Pick<DeliveryStatusReader, "read">;
  /** Unused by the handler itself; every protected route carries it (the caller is recorded on it). */
  readonly telemetry: Telemetry;
}

export interface DeliveryStatusHttpHandlerOptions extends DeliveryStatusHttpDependencies {
  readonly target: VerifyTarget;
  readonly codes: OutcomeErrorCodes;
}

/**
 * GET an item's delivery as Graph reports it now: 200 with `{ id, state, delivery, status, ... }`,
 * and the same 400/404/429/503/502 answers, bodies and Graph id headers as the reprocess routes.
 */
export function createDeliveryStatusHttpHandler(options: DeliveryStatusHttpHandlerOptions): HttpHandler {
  const { reader, target, codes } = options;
  return async (request, context) => {
    try {
      const reading = await withDeadline(readDeadlineMs, ({ abortSignal }) => reader.read(target, request.params.id, { abortSignal }));
      if (reading.kind !== "read") {
        context.info(`read ${reading.kind}`, { target });
        return outcomeResponse(reading, codes);
      }
      const { status, graph } = reading;
      // The route already names what it is; the rest is Graph's answer, judged.
      const body = Object.fromEntries(Object.entries(status).filter(([name]) => name !== "target"));
      context.info("read", { target, id: status.id, state: status.state });
      return {
        status: 200,
        headers: { "client-request-id": graph.clientRequestId, ...(graph.requestId === undefined ? {} : { "request-id": graph.requestId }) },
        jsonBody: body,
      };
    } catch (error) {
      context.error("read failed unexpectedly", error instanceof Error ? error.name : "unknown");
      return errorResponse(500, "internalError", "The request could not be processed; it is safe to retry.");
    }
  };
}
