import type { ServerResponse } from "node:http";
import type { Cookie, HttpResponse } from "@azure/functions";

function setCookieHeader(cookie: Cookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path !== undefined) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${(typeof cookie.expires === "number" ? new Date(cookie.expires) : cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure === true) parts.push("Secure");
  if (cookie.httpOnly === true) parts.push("HttpOnly");
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join("; ");
}

/** Writes a function's HttpResponse to the wire: status, headers, cookies and body, as the host relays them. */
export async function writeFunctionResponse(response: HttpResponse, wire: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  if (response.cookies.length > 0) headers["set-cookie"] = response.cookies.map(setCookieHeader);
  wire.writeHead(response.status, headers);
  wire.end(body);
}
