import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { graphErrorBody, type GraphRequestIds } from "./graphErrorBody";
import type { RecordedGraphRequest } from "./recordedGraphRequest";

const odataJson =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

// Writes one answer with the headers every Graph response carries (Node adds Date itself) and
// notes the status on the request's record.
export class GraphResponder implements GraphRequestIds {
  constructor(
    private readonly response: ServerResponse,
    private readonly record: RecordedGraphRequest,
    readonly requestId: string,
    readonly clientRequestId: string,
  ) {}

  json(status: number, body: unknown, headers?: OutgoingHttpHeaders): void {
    this.send(status, JSON.stringify(body), odataJson, headers);
  }

  empty(status: number): void {
    this.send(status, "", undefined, undefined);
  }

  error(status: number, code: string, message: string, headers?: OutgoingHttpHeaders): void {
    this.send(status, graphErrorBody(code, message, this), "application/json", headers);
  }

  text(status: number, body: string, contentType: string): void {
    this.send(status, body, contentType, undefined);
  }

  private send(
    status: number,
    body: string,
    contentType: string | undefined,
    headers: OutgoingHttpHeaders | undefined,
  ): void {
    this.record.status = status;
    const allHeaders: OutgoingHttpHeaders = {
      ...headers,
      "request-id": this.requestId,
      "client-request-id": this.clientRequestId,
      "content-length": Buffer.byteLength(body),
    };
    if (contentType !== undefined) allHeaders["content-type"] = contentType;
    this.response.writeHead(status, allHeaders);
    this.response.end(body);
  }
}
