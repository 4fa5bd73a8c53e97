import type { Server } from "node:net";

/** Resolves with the bound port; port 0 picks a free one. */
export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("A TCP server on 127.0.0.1 should report a numeric port");
  }
  return address.port;
}
