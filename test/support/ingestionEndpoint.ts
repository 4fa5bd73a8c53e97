import { readFile } from "node:fs/promises";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { gunzipSync, inflateSync } from "node:zlib";
import { listenOnLoopback } from "./listenOnLoopback";
import { testCertificate } from "./testCertificate";

/** One POST as it arrived: the bytes on the wire and the same bytes decompressed. */
export interface ReceivedBatch {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly body: Buffer;
}

/** Application Insights' envelope, as much of it as tests read. */
export interface TelemetryEnvelope {
  readonly name: string;
  readonly time: string;
  readonly iKey: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly data: { readonly baseType: string; readonly baseData: Readonly<Record<string, unknown>> };
}

const trackPath = "/v2.1/track";

function decompress(raw: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.toLowerCase()) {
    case "gzip":
      return gunzipSync(raw);
    case "deflate":
      return inflateSync(raw);
    default:
      return raw;
  }
}

/**
 * The Application Insights ingestion endpoint (breeze) on loopback HTTPS, as the exporter calls it:
 * POST /v2.1/track with a JSON array of envelopes, possibly gzip-compressed. It keeps every batch
 * and accepts every item.
 */
export class IngestionEndpoint {
  readonly batches: ReceivedBatch[] = [];
  /** Requests to anything but POST /v2.1/track (the exporter should make none). */
  readonly strayRequests: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<IngestionEndpoint> {
    const [cert, key] = await Promise.all([readFile(testCertificate.certPath), readFile(testCertificate.keyPath)]);
    const server = createServer({ cert, key });
    const port = await listenOnLoopback(server, 0);
    const endpoint = new IngestionEndpoint(server, `https://127.0.0.1:${port}/`);
    server.on("request", endpoint.answer);
    return endpoint;
  }

  connectionString(instrumentationKey: string): string {
    return `InstrumentationKey=${instrumentationKey};IngestionEndpoint=${this.url}`;
  }

  envelopes(): TelemetryEnvelope[] {
    return this.batches.flatMap((batch) => JSON.parse(batch.body.toString("utf8")) as TelemetryEnvelope[]);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
    this.server.closeAllConnections();
    await closed;
  }

  private readonly answer = (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = new URL(request.url ?? "/", "https://127.0.0.1").pathname;
      if (request.method !== "POST" || path !== trackPath) {
        this.strayRequests.push(`${request.method ?? "?"} ${path}`);
        response.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = decompress(raw, request.headers["content-encoding"]);
      this.batches.push({ path, headers: request.headers, raw, body });
      const items = (JSON.parse(body.toString("utf8")) as unknown[]).length;
      const answer = JSON.stringify({ itemsReceived: items, itemsAccepted: items, errors: [] });
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer);
    });
  };
}
