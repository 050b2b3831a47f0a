import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP front of a Prism mock. */
export interface RememberingProxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * Prism's mock is stateless: deleting the same conversation twice succeeds twice.
 * This front forwards everything to Prism but remembers the paths deleted with
 * success, and asks Prism for the spec's 404 (`Prefer: code=404`) on any later
 * request to them, so that a demo behaves like the real server.
 */
export async function startRememberingProxy(target: string): Promise<RememberingProxy> {
  const deleted = new Set<string>();
  const server = createServer((req, res) => {
    forward(req, res, target, deleted).catch((error: unknown) => {
      res.writeHead(502, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, target: string, deleted: Set<string>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const path = (req.url ?? "/").split("?")[0] as string;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
  }
  if (deleted.has(path)) headers.set("prefer", "code=404");
  const upstream = await fetch(`${target}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: chunks.length ? Buffer.concat(chunks) : undefined,
  });
  if (req.method === "DELETE" && upstream.ok) deleted.add(path);
  const body = Buffer.from(await upstream.arrayBuffer());
  const outHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection" && name !== "keep-alive") {
      outHeaders[name] = value;
    }
  });
  res.writeHead(upstream.status, outHeaders).end(body);
}
