import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpRequest, HttpResponse, type HttpResponseInit } from "@azure/functions";
import { createHostInvocationContext, invocationLine, type LineWriter } from "../hostInvocation";
import { writeFunctionResponse } from "./functionHttpResponse";
import type { HttpRouteTable } from "./httpRouteTable";
import type { ServedFunction } from "../servedFunction";

type HttpFunction = Extract<ServedFunction, { kind: "http" }>;

/** What `POST /admin/functions/{name}` did: Core Tools' way to run a non-HTTP function now. */
export type AdminInvocation = "accepted" | "notFound" | { readonly refused: string };

export interface HttpTriggerServerOptions {
  readonly port: number;
  /** Loopback only: this is a development host with no function keys. */
  readonly host: string;
  readonly routes: HttpRouteTable<HttpFunction>;
  /** Starts a non-HTTP function now; does not wait for it to finish. (A timer ignores the request's `input`, as the host does.) */
  readonly invokeByAdmin: (functionName: string) => AdminInvocation;
  readonly write: LineWriter;
}

export interface HttpTriggerServer {
  /** The root the functions answer under, e.g. http://localhost:7071 (the port actually bound). */
  readonly origin: string;
  /** Stops taking requests and waits for those in flight (or `abortSignal`, then cuts them). */
  close(options: { readonly abortSignal: AbortSignal }): Promise<void>;
}

// The host's default limit on a request body (maxRequestBodySize, 100 MB).
const maxBodyBytes = 100 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function requestHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function plain(wire: ServerResponse, status: number, text = ""): void {
  wire.writeHead(status, text === "" ? {} : { "content-type": "text/plain; charset=utf-8" });
  wire.end(text);
}

/** Core Tools' admin endpoint takes a JSON object such as {"input": ""}; an empty body is taken too. */
function isAdminBody(body: Buffer): boolean {
  if (body.length === 0) return true;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * Serves every HTTP function on its route under the route prefix, with the real HttpRequest and
 * HttpResponse of @azure/functions, and Core Tools' admin endpoint for the other triggers.
 */
export async function startHttpTriggerServer(options: HttpTriggerServerOptions): Promise<HttpTriggerServer> {
  const { routes, invokeByAdmin, write } = options;
  let origin = "";

  async function invokeHttp(fn: HttpFunction, params: Readonly<Record<string, string>>, request: IncomingMessage, body: Buffer, wire: ServerResponse): Promise<void> {
    const started = performance.now();
    const context = createHostInvocationContext({ functionName: fn.name, trigger: { type: "httpTrigger", name: "httpTrigger" }, write });
    const httpRequest = new HttpRequest({
      method: request.method ?? "GET",
      url: `${origin}${request.url ?? "/"}`,
      headers: requestHeaders(request),
      params: { ...params },
      ...(body.length > 0 ? { body: { bytes: body } } : {}),
    });
    let response: HttpResponse;
    let outcome: string;
    try {
      const result = (await fn.handler(httpRequest, context)) as HttpResponse | HttpResponseInit | undefined;
      response = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
      outcome = String(response.status);
    } catch (error) {
      // The host answers 500 with no body and logs the exception; the caller learns nothing more.
      context.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      response = new HttpResponse({ status: 500 });
      outcome = "500 (the function threw)";
    }
    await writeFunctionResponse(response, wire);
    write(invocationLine(fn.name, `${httpRequest.method} ${new URL(httpRequest.url).pathname}`, outcome, performance.now() - started));
  }

  async function handle(request: IncomingMessage, wire: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", origin);
    const body = await readBody(request);
    if (body === undefined) {
      plain(wire, 413, `The body is larger than the host's ${maxBodyBytes} bytes.`);
      return;
    }
    const admin = /^\/admin\/functions\/([^/]+)\/?$/i.exec(url.pathname);
    if (admin !== null && request.method === "POST") {
      if (!isAdminBody(body)) {
        plain(wire, 400, 'The body must be JSON such as {"input": ""}.');
        return;
      }
      const answer = invokeByAdmin(decodeURIComponent(admin[1] ?? ""));
      if (answer === "accepted") plain(wire, 202);
      else if (answer === "notFound") plain(wire, 404);
      else plain(wire, 400, answer.refused);
      return;
    }
    const found = routes.lookup(request.method ?? "GET", url.pathname);
    if (found.kind === "notFound") {
      plain(wire, 404);
      return;
    }
    await invokeHttp(found.route.target, found.params, request, body, wire);
  }

  const server = createServer((request, wire) => {
    handle(request, wire).catch((error: unknown) => {
      write(`local host: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!wire.headersSent) plain(wire, 500);
      else wire.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: async ({ abortSignal }) => {
      const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
      server.closeIdleConnections();
      const cut = (): void => {
        server.closeAllConnections();
      };
      abortSignal.addEventListener("abort", cut, { once: true });
      await closed;
      abortSignal.removeEventListener("abort", cut);
    },
  };
}
