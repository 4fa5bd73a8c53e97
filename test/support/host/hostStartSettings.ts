import { getNationalCloud } from "../../../src/clouds/nationalCloud";

/**
 * App settings under which the app starts in the host stand-in with every trigger registered,
 * the queue's included, and nothing warned about. Starting calls nothing, so the identity endpoint
 * (the discard port) and the Service Bus namespace need not exist.
 */
export const hostStartSettings: Readonly<Record<string, string>> = {
  GRAPH_CLOUD: "Global",
  IDENTITY_ENDPOINT: "http://127.0.0.1:9/msi/token",
  IDENTITY_HEADER: "test-header",
  AZURE_CLIENT_ID: "00000000-0000-4000-8000-0000000000aa",
  ServiceBusConnection__fullyQualifiedNamespace: `reprocessor.${getNationalCloud("Global").serviceBusSuffix}`,
  ServiceBusConnection__credential: "managedidentity",
  ServiceBusConnection__clientId: "00000000-0000-4000-8000-0000000000aa",
  REPROCESS_QUEUE_NAME: "reprocess",
};
