import type { HttpHandler } from "@azure/functions";
import { afterAll, afterEach, beforeAll } from "vitest";
import { getNationalCloud } from "../../../src/clouds/nationalCloud";
import { readHttpAuthConfig } from "../../../src/config/httpAuthConfig";
import { SettingReader } from "../../../src/config/settingReader";
import { createHttpAuthentication } from "../../../src/functions/httpAuthentication";
import { AssignmentRequestReprocessor } from "../../../src/core/assignmentRequestReprocessor";
import { DeliveryStatusReader } from "../../../src/core/deliveryStatusReader";
import { createGetAssignmentHttpHandler } from "../../../src/functions/getAssignmentHttp";
import { createGetAssignmentRequestHttpHandler } from "../../../src/functions/getAssignmentRequestHttp";
import { createReprocessAssignmentHttpHandler } from "../../../src/functions/reprocessAssignmentHttp";
import { createReprocessAssignmentRequestHttpHandler } from "../../../src/functions/reprocessAssignmentRequestHttp";
import { createReprocessBatchHttpHandler } from "../../../src/functions/reprocessBatchHttp";
import { createServiceBusClient } from "../../../src/serviceBus/createServiceBusClient";
import { ServiceBusQueueSender } from "../../../src/serviceBus/serviceBusQueueSender";
import { AmqpPeer } from "../amqp/amqpPeer";
import type { EmulatedAssignment } from "../graph/emulatedAssignment";
import type { EmulatedAssignmentRequest } from "../graph/emulatedAssignmentRequest";
import type { GraphEmulator } from "../graph/graphEmulator";
import { useGraphTestBed } from "../graph/useGraphTestBed";
import { RecordingTelemetry } from "../recordingTelemetry";
import { useUnhandledErrorCount } from "../useUnhandledErrorCount";
import { TokenIssuer } from "./tokenIssuer";

export const entraTestQueue = "reprocess";

export interface EntraHttpTestBed {
  readonly issuer: TokenIssuer;
  readonly graph: GraphEmulator;
  readonly serviceBus: AmqpPeer;
  readonly telemetry: RecordingTelemetry;
  /** Each HTTP route's handler, guarded exactly as index.ts registers it in HTTP_AUTH=entra. */
  readonly handlers: {
    readonly reprocessAssignment: HttpHandler;
    readonly reprocessAssignmentRequest: HttpHandler;
    readonly reprocessBatch: HttpHandler;
    readonly getAssignment: HttpHandler;
    readonly getAssignmentRequest: HttpHandler;
  };
  /** Messages the routes sent (batches, and the verify after a webhook's 202), on the one queue they send to. */
  messages(): number;
  unhandled(): number;
}

/**
 * The HTTP routes in HTTP_AUTH=entra against a token issuer, the Graph emulator and an AMQP
 * peer standing in for Service Bus, all on loopback sockets, started once for the describe.
 */
export function useEntraHttpTestBed(assignments: readonly EmulatedAssignment[], assignmentRequests: readonly EmulatedAssignmentRequest[] = []): EntraHttpTestBed {
  const unhandled = useUnhandledErrorCount();
  const graphBed = useGraphTestBed({ emulator: { assignments, assignmentRequests }, graph: { maxInlineRetries: 0, requestTimeoutMs: 10_000 }, checkStateFirst: true });
  const telemetry = new RecordingTelemetry();
  let started: { issuer: TokenIssuer; serviceBus: AmqpPeer; sender: ServiceBusQueueSender; handlers: EntraHttpTestBed["handlers"] } | undefined;
  const bed = (): NonNullable<typeof started> => {
    if (started === undefined) throw new Error("The Entra HTTP test bed is used outside a test of the describe that set it up.");
    return started;
  };

  beforeAll(async () => {
    const issuer = await TokenIssuer.start();
    const serviceBus = await AmqpPeer.start();
    const sender = new ServiceBusQueueSender(() =>
      createServiceBusClient({ kind: "connectionString", connectionString: serviceBus.connectionString, endpoint: "" }, { getToken: () => Promise.resolve(null) }, { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } }),
    );
    const httpAuth = createHttpAuthentication(readHttpAuthConfig(new SettingReader(issuer.settings()), getNationalCloud("Global")));
    // As index.ts wires them with Service Bus configured: each webhook 202 is followed by a verify.
    const verification = { sender, queueName: entraTestQueue, config: { afterMs: 300_000, maxMs: 21_600_000, maxIntervalMs: 3_600_000 } };
    const reader = new DeliveryStatusReader(graphBed.client);
    started = {
      issuer,
      serviceBus,
      sender,
      handlers: {
        reprocessAssignment: httpAuth.protect(createReprocessAssignmentHttpHandler, { reprocessor: graphBed.reprocessor, telemetry, cloud: "Global", verification }),
        reprocessAssignmentRequest: httpAuth.protect(createReprocessAssignmentRequestHttpHandler, {
          requestReprocessor: new AssignmentRequestReprocessor(graphBed.client),
          telemetry,
          cloud: "Global",
          verification,
        }),
        reprocessBatch: httpAuth.protect(createReprocessBatchHttpHandler, { queueSender: sender, telemetry, queueName: entraTestQueue }),
        getAssignment: httpAuth.protect(createGetAssignmentHttpHandler, { reader, telemetry }),
        getAssignmentRequest: httpAuth.protect(createGetAssignmentRequestHttpHandler, { reader, telemetry }),
      },
    };
  });
  afterAll(async () => {
    await started?.sender.close();
    await started?.serviceBus.close();
    await started?.issuer.close();
  });
  afterEach(() => {
    telemetry.clear();
  });

  return {
    get issuer() {
      return bed().issuer;
    },
    get graph() {
      return graphBed.emulator;
    },
    get serviceBus() {
      return bed().serviceBus;
    },
    telemetry,
    get handlers() {
      return bed().handlers;
    },
    messages: () => {
      try {
        return bed().serviceBus.messages(entraTestQueue).length;
      } catch {
        // The peer creates a queue on first use: none yet means nothing was sent.
        return 0;
      }
    },
    unhandled,
  };
}
