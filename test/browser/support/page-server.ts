import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP server serving one page and its script. */
export interface PageServer {
  /** Origin of the server, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Stops the server, closing open connections. */
  stop(): Promise<void>;
}

/**
 * Serves `html` at `/` and `script` at `/main.js` on a free loopback port;
 * anything else is a 404.
 */
export async function servePage(html: string, script: string): Promise<PageServer> {
  const files: Record<string, { type: string; body: string }> = {
    "/": { type: "text/html; charset=utf-8", body: html },
    "/main.js": { type: "text/javascript; charset=utf-8", body: script },
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://page").pathname];
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
